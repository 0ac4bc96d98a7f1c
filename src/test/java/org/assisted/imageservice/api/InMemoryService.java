package org.assisted.imageservice.api;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.assisted.imageservice.api.downloads.OverlayBodyWriter;
import org.assisted.imageservice.assisted.AssistedServiceClient;
import org.assisted.imageservice.config.ServiceConfig;
import org.assisted.imageservice.metrics.AssistedCallMetrics;
import org.assisted.imageservice.metrics.ImageStoreMetrics;
import org.assisted.imageservice.metrics.RuntimeMetrics;
import org.assisted.imageservice.rootfs.NmstatectlExtractor;
import org.assisted.imageservice.rootfs.erofs.ErofsImage;
import org.assisted.imageservice.rootfs.squashfs.SquashfsImage;
import org.assisted.imageservice.store.ImageCatalog;
import org.assisted.imageservice.store.ImageStore;
import org.assisted.imageservice.store.NmstateCache;
import org.assisted.imageservice.testsupport.FakeAssistedService;
import org.assisted.imageservice.testsupport.TestIsos;

/**
 * The application's services composed as {@code lifecycle.StartupListener} composes them (configuration parsed from
 * variables, meter registry, assisted-service client, nmstate cache, image store started in the background), for
 * Jersey's in-memory test container: {@link #application()} is the real {@link ImageServiceApplication} over a real
 * {@link ImageStore} that downloaded its images from {@code file:} URLs, talking to a {@link FakeAssistedService}.
 *
 * <p>Only Jersey runs in memory. The servlet filters the composition root registers in front of Jersey (request id,
 * logged path, plain-HTTP rule, CORS, concurrency limits, HTTP metrics, reused downloads) need a servlet container
 * and are proven by the ITs under {@code it/}. Download bodies reach the client through Jersey's entity stream, the
 * fallback {@link OverlayBodyWriter} takes when no servlet response carries the body's length.
 */
public final class InMemoryService implements AutoCloseable {

    /** Boot artifacts of the test ISOs are a few KiB; the validator's minimums are lowered to match. */
    private static final String MIN_ARTIFACT_BYTES = "1024";
    private static final Duration READY_WAIT = Duration.ofSeconds(60);

    private final FakeAssistedService assisted;
    private final ServiceConfig config;
    private final PrometheusMeterRegistry registry;
    private final RuntimeMetrics runtimeMetrics;
    private final AssistedServiceClient assistedService;
    private final NmstateCache nmstate;
    private final ImageStore store;

    private InMemoryService(FakeAssistedService assisted, ServiceConfig config)
            throws IOException, GeneralSecurityException {
        this.assisted = assisted;
        this.config = config;
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        runtimeMetrics = RuntimeMetrics.bind(registry);
        assistedService = new AssistedServiceClient(config.assistedService(), new AssistedCallMetrics(registry));
        nmstate = new NmstateCache(ImageCatalog.of(config.store().dataDir(), config.store().images()),
                config.store().dataTempDir(), new NmstatectlExtractor(SquashfsImage::open, ErofsImage::open)::extract);
        store = new ImageStore(config.store(), List.of(nmstate), ImageStoreMetrics.buildSteps(registry));
        ImageStoreMetrics.bind(store, registry);
        store.start();
    }

    /**
     * Starts a stand-in assisted-service and the services with the variables an IT deployment gets
     * ({@code DATA_DIR} and {@code DATA_TEMP_DIR} below {@code work}, the stand-in's address, small artifact
     * minimums, {@code OS_IMAGES}), plus {@code extra}. {@link #close()} stops both.
     *
     * @param images OS_IMAGES elements as JSON objects
     */
    public static InMemoryService start(Path work, List<String> images, Map<String, String> extra)
            throws IOException, GeneralSecurityException {
        FakeAssistedService assisted = FakeAssistedService.start();
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("DATA_DIR", Files.createDirectories(work.resolve("data")).toString());
        variables.put("DATA_TEMP_DIR", Files.createDirectories(work.resolve("tmp")).toString());
        variables.put("ASSISTED_SERVICE_SCHEME", assisted.scheme());
        variables.put("ASSISTED_SERVICE_HOST", assisted.hostAndPort());
        variables.put("MIN_ROOTFS_SIZE", MIN_ARTIFACT_BYTES);
        variables.put("MIN_KERNEL_SIZE", MIN_ARTIFACT_BYTES);
        variables.put("OS_IMAGES", images.stream().collect(Collectors.joining(",", "[", "]")));
        variables.putAll(extra);
        try {
            return new InMemoryService(assisted, ServiceConfig.fromEnvironment(variables));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            assisted.close();
            throw e;
        }
    }

    /** The services over one x86_64 full ISO of that RHCOS version ({@link #x86Iso}), once it is stored. */
    public static InMemoryService withX86Iso(Path work, String version) throws Exception {
        return start(work, List.of(image("4.17", "x86_64", version, "full-iso", x86Iso(work, version))), Map.of())
                .awaitReady();
    }

    /** Writes {@code work/src/x86_64.iso}: a test ISO in the RHCOS x86_64 layout, by the project's own writer. */
    public static Path x86Iso(Path work, String version) throws IOException {
        return TestIsos.x86_64("rhcos-" + version)
                .writeTo(Files.createDirectories(work.resolve("src")).resolve("x86_64.iso"));
    }

    /** The stand-in assisted-service the services call. */
    public FakeAssistedService assisted() {
        return assisted;
    }

    /** One OS_IMAGES element for an ISO file. */
    public static String image(String openshiftVersion, String arch, String version, String type, Path iso) {
        return "{\"openshift_version\":\"" + openshiftVersion + "\",\"cpu_architecture\":\"" + arch
                + "\",\"url\":\"" + iso.toUri() + "\",\"version\":\"" + version + "\",\"type\":\"" + type + "\"}";
    }

    /** Waits until every configured image is stored (and built), as {@code /health} reports it. */
    public InMemoryService awaitReady() throws InterruptedException, TimeoutException {
        return await(store -> store.readiness().isReady());
    }

    /** Waits until one image, named {@code <version>/<arch>/<type>} as on {@code /health}, is ready. */
    public InMemoryService awaitReady(String image) throws InterruptedException, TimeoutException {
        return await(store -> store.health().images().stream()
                .anyMatch(health -> health.name().equals(image) && health.state().equals("ready")));
    }

    private InMemoryService await(Predicate<ImageStore> condition) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + READY_WAIT.toNanos();
        while (!condition.test(store)) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("images not ready after " + READY_WAIT + ": " + store.health());
            }
            Thread.sleep(20);
        }
        return this;
    }

    /**
     * A new application over these services (Jersey deploys each {@code ResourceConfig} once), with
     * {@link DeclaredLength} added.
     */
    public ImageServiceApplication application() {
        ImageServiceApplication application = new ImageServiceApplication(store, assistedService, registry, nmstate,
                config.serving().assistedServiceCache());
        application.register(new DeclaredLength());
        return application;
    }

    /**
     * Copies the {@code Content-Length} a resource or mapper set into {@value #HEADER}. The in-memory connector
     * replaces {@code Content-Length} with the length Jersey computed itself, -1 for a streamed body and 0 for a
     * HEAD, where a servlet container sends the one the resource set; the copy lets tests assert the latter.
     */
    static final class DeclaredLength implements ContainerResponseFilter {

        static final String HEADER = "X-Test-Declared-Content-Length";

        @Override
        public void filter(ContainerRequestContext request, ContainerResponseContext response) {
            String length = response.getHeaderString(HttpHeaders.CONTENT_LENGTH);
            if (length != null) {
                response.getHeaders().putSingle(HEADER, length);
            }
        }
    }

    @Override
    public void close() {
        try {
            store.close();
            assistedService.close();
        } finally {
            runtimeMetrics.close();
            registry.close();
            assisted.close();
        }
    }
}
