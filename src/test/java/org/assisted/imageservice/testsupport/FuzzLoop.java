package org.assisted.imageservice.testsupport;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Runs a bounded fuzz loop: a fixed number of inputs within a wall-clock budget (a hang fails the test at the
 * budget), each input under a per-input time and allocation cap, and only the listed exception types accepted.
 * Allocation is measured with the JVM's per-thread allocation counter, so a reader that sizes an array from a
 * corrupt length field fails here even when the heap happens to be large enough.
 *
 * @param iterations        number of inputs
 * @param budget            wall-clock limit of the whole loop
 * @param perInput          wall-clock limit of one input (checked after it returns)
 * @param maxAllocatedBytes bytes one input may allocate in total
 * @param accepted          exception types an input may end with; anything else fails the test
 */
public record FuzzLoop(int iterations, Duration budget, Duration perInput, long maxAllocatedBytes,
                       List<Class<? extends Throwable>> accepted) {

    /** One input of the loop. */
    @FunctionalInterface
    public interface Input {
        void run(int iteration) throws Exception;
    }

    /** One mutant image, already written to its file. */
    @FunctionalInterface
    public interface MutantInput {
        void run(Path file, byte[] mutant) throws Exception;
    }

    /**
     * How the inputs ended.
     *
     * @param largestAllocation the most bytes one input allocated
     */
    public record Outcomes(int succeeded, int rejected, long largestAllocation) {
    }

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    public FuzzLoop {
        accepted = List.copyOf(accepted);
        if (!THREADS.isThreadAllocatedMemorySupported() || !THREADS.isThreadAllocatedMemoryEnabled()) {
            throw new IllegalStateException("this JVM does not count allocated bytes per thread");
        }
    }

    public Outcomes run(Input input) {
        return assertTimeoutPreemptively(budget, () -> {
            int succeeded = 0;
            int rejected = 0;
            long largest = 0;
            for (int i = 0; i < iterations; i++) {
                long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
                long start = System.nanoTime();
                if (runOne(input, i)) {
                    succeeded++;
                } else {
                    rejected++;
                }
                long allocated = THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore;
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                largest = Math.max(largest, allocated);
                if (allocated > maxAllocatedBytes) {
                    fail("input " + i + " allocated " + allocated + " bytes, more than " + maxAllocatedBytes);
                }
                if (took.compareTo(perInput) > 0) {
                    fail("input " + i + " took " + took + ", more than " + perInput);
                }
            }
            return new Outcomes(succeeded, rejected, largest);
        });
    }

    /** Runs the loop on mutants of {@code original} of up to {@code maxSteps} steps, each written to {@code file}. */
    public Outcomes runOnMutants(byte[] original, Mutator mutator, int maxSteps, Path file, MutantInput input) {
        return run(i -> {
            byte[] mutant = mutator.mutate(original, maxSteps);
            Files.write(file, mutant);
            input.run(file, mutant);
        });
    }

    /** Returns whether the input succeeded; false when it ended with an accepted exception. */
    private boolean runOne(Input input, int iteration) {
        try {
            input.run(iteration);
            return true;
        } catch (Throwable t) {
            if (accepted.stream().anyMatch(type -> type.isInstance(t))) {
                return false;
            }
            return fail("input " + iteration + " ended with " + t, t);
        }
    }
}
