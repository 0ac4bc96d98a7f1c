package org.assisted.imageservice.rootfs.squashfs;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import org.assisted.imageservice.rootfs.RootfsFormatException;
import org.tukaani.xz.XZInputStream;

/**
 * The block compressors of squashfs 4.0 this reader supports, by superblock compression id. Every
 * method decompresses one whole block into a caller buffer and fails if the output would exceed
 * {@code maxOut}, so a corrupt block can never make it allocate or loop.
 */
enum SquashfsCodec {
    /** id 1: a zlib stream (RFC 1950), as written by zlib's {@code compress2}. */
    GZIP {
        @Override
        int decompress(byte[] src, int srcLength, byte[] dst, int maxOut) throws IOException {
            Inflater inflater = new Inflater();
            try {
                inflater.setInput(src, 0, srcLength);
                int total = 0;
                while (!inflater.finished()) {
                    if (total == maxOut) {
                        throw overflow(maxOut);
                    }
                    int n = inflater.inflate(dst, total, maxOut - total);
                    if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                        throw new RootfsFormatException("gzip block ends before its zlib stream does");
                    }
                    total += n;
                }
                return total;
            } catch (DataFormatException e) {
                throw new RootfsFormatException("corrupt gzip block: " + e.getMessage(), e);
            } finally {
                inflater.end();
            }
        }
    },
    /** id 4: an .xz stream; the memory limit rejects headers that ask for absurd dictionaries. */
    XZ {
        @Override
        int decompress(byte[] src, int srcLength, byte[] dst, int maxOut) throws IOException {
            try (InputStream in = new XZInputStream(new ByteArrayInputStream(src, 0, srcLength), XZ_MEMORY_LIMIT_KIB)) {
                int total = 0;
                while (total < maxOut) {
                    int n = in.read(dst, total, maxOut - total);
                    if (n < 0) {
                        return total;
                    }
                    total += n;
                }
                if (in.read() >= 0) {
                    throw overflow(maxOut);
                }
                return total;
            } catch (RootfsFormatException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                throw new RootfsFormatException("corrupt xz block: " + e, e);
            }
        }
    },
    /** id 6: one zstd frame, decoded single-shot into the caller buffer (no window allocation). */
    ZSTD {
        @Override
        int decompress(byte[] src, int srcLength, byte[] dst, int maxOut) throws IOException {
            try {
                return (int) Zstd.decompressByteArray(dst, 0, maxOut, src, 0, srcLength);
            } catch (ZstdException e) {
                throw new RootfsFormatException("corrupt zstd block: " + e.getMessage(), e);
            } catch (LinkageError e) {
                throw new IOException("the zstd-jni native library could not be loaded: " + e, e);
            }
        }
    };

    private static final int XZ_MEMORY_LIMIT_KIB = 64 * 1024;

    abstract int decompress(byte[] src, int srcLength, byte[] dst, int maxOut) throws IOException;

    static SquashfsCodec forId(int id) throws RootfsFormatException {
        return switch (id) {
            case 1 -> GZIP;
            case 4 -> XZ;
            case 6 -> ZSTD;
            case 2 -> throw unsupported("lzma");
            case 3 -> throw unsupported("lzo");
            case 5 -> throw unsupported("lz4");
            default -> throw new RootfsFormatException("unknown squashfs compression id " + id);
        };
    }

    private static RootfsFormatException unsupported(String name) {
        return new RootfsFormatException("squashfs compression " + name
                + " is not supported (supported: gzip, xz, zstd)");
    }

    private static RootfsFormatException overflow(int maxOut) {
        return new RootfsFormatException("compressed block expands beyond " + maxOut + " bytes");
    }
}
