package ai.vantage.maven.slurm.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vantage.maven.slurm.pgp.VerificationResult;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.FutureTask;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The extension and the plugin as Maven loads them: two class loaders, each with its own copy of this project's
 * classes, meeting only through one session's data (JDK objects). A tarball's bytes go from the transport's side into
 * the install's pipe; the verified files and the relocking mark cross too.
 */
class SharedSessionTest {

    /** One side: this project's classes loaded anew, over the JDK only. */
    private static final class Side {
        final ClassLoader loader;
        final Class<?> shared;
        final Object session;

        Side(URL classes, Map<Object, Object> data) throws Exception {
            loader = new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader());
            shared = loader.loadClass(SharedSession.class.getName());
            Class<?> compareAndSet = loader.loadClass(SharedSession.CompareAndSet.class.getName());
            Object set = Proxy.newProxyInstance(loader, new Class<?>[] {compareAndSet}, (proxy, method, args) -> {
                if (!method.getName().equals("set")) {
                    return method.invoke(this, args);
                }
                synchronized (data) { // what resolver's SessionData.set(key, expected, value) does
                    if (data.get(args[0]) != args[1]) {
                        return false;
                    }
                    if (args[2] == null) {
                        data.remove(args[0]);
                    } else {
                        data.put(args[0], args[2]);
                    }
                    return true;
                }
            });
            Function<Object, Object> get = data::get;
            BiFunction<Object, Supplier<Object>, Object> computeIfAbsent = (key, value) -> {
                synchronized (data) {
                    return data.computeIfAbsent(key, k -> value.get());
                }
            };
            session = shared.getMethod("of", Function.class, compareAndSet, BiFunction.class)
                    .invoke(null, get, set, computeIfAbsent);
        }

        Object coordinate(String shortForm) throws Exception {
            return loader.loadClass("ai.vantage.maven.slurm.layout.SlurmCoordinate").getMethod("parse", String.class)
                    .invoke(null, shortForm);
        }

        /** This side's {@link SharedSession.StreamedBytes} of a signature that verified. */
        Object streamedBytes(long size, String sha256, String signer, String primary, Instant time, String hash)
                throws Exception {
            Class<?> result = loader.loadClass(VerificationResult.class.getName());
            Object signature = result.getConstructor(String.class, String.class, String.class, Instant.class,
                    String.class).newInstance("25.11:noble", signer, primary, time, hash);
            return loader.loadClass(SharedSession.StreamedBytes.class.getName())
                    .getConstructor(long.class, String.class, result).newInstance(size, sha256, signature);
        }

        Object call(String method, Object... args) throws Exception {
            for (Method m : shared.getMethods()) {
                if (m.getName().equals(method) && m.getParameterCount() == args.length) {
                    return m.invoke(java.lang.reflect.Modifier.isStatic(m.getModifiers()) ? null : session, args);
                }
            }
            throw new NoSuchMethodException(method);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTarballGoesFromTheTransportsClassLoaderIntoTheInstallsPipe() throws Exception {
        URL classes = SharedSession.class.getProtectionDomain().getCodeSource().getLocation();
        Map<Object, Object> data = new HashMap<>();
        Side plugin = new Side(classes, data);
        Side extension = new Side(classes, data);
        assertNotSame(plugin.shared, extension.shared, "two copies of the contract, as in Maven");
        byte[] tarball = new byte[3 << 20];
        new Random(17).nextBytes(tarball);

        Object pipe = plugin.loader.loadClass("ai.vantage.maven.slurm.io.TarballPipe").getConstructor(String.class)
                .newInstance("25.11:noble");
        assertEquals(true, plugin.call("offerPipe", plugin.coordinate("25.11:noble"), pipe));
        assertEquals(false, plugin.call("offerPipe", plugin.coordinate("25.11:noble"), pipe), "one install waits");
        InputStream input = (InputStream) pipe.getClass().getMethod("input").invoke(pipe);
        FutureTask<byte[]> unpack = new FutureTask<>(input::readAllBytes);
        new Thread(unpack).start();

        Optional<Flow.Subscriber<ByteBuffer>> tee = (Optional<Flow.Subscriber<ByteBuffer>>) extension.call("takePipe",
                extension.coordinate("25.11:noble"));
        assertTrue(tee.isPresent(), "the transport's copy finds the install's pipe");
        assertFalse(((Optional<?>) extension.call("takePipe", extension.coordinate("25.11:noble"))).isPresent(),
                "exactly one download feeds it");
        tee.get().onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {}

            @Override
            public void cancel() {}
        });
        for (int off = 0; off < tarball.length; off += 100_000) {
            tee.get().onNext(ByteBuffer.wrap(tarball, off, Math.min(100_000, tarball.length - off)));
        }
        extension.call("streamedBytes", extension.coordinate("25.11:noble"), tee.get(),
                extension.streamedBytes(tarball.length, "ab12", "SIGNER", "PRIMARY", Instant.EPOCH, "SHA512"));
        tee.get().onComplete();

        assertArrayEquals(tarball, unpack.get());
        assertEquals(Optional.empty(), plugin.call("streamedBytes", plugin.coordinate("25.11:noble"),
                plugin.loader.loadClass("ai.vantage.maven.slurm.io.TarballPipe").getConstructor(String.class)
                        .newInstance("another install")), "what the transport vouched for is bound to one pipe");
        assertEquals(Optional.of(plugin.streamedBytes(tarball.length, "ab12", "SIGNER", "PRIMARY", Instant.EPOCH,
                "SHA512")), plugin.call("streamedBytes", plugin.coordinate("25.11:noble"), pipe),
                "the transport's check crosses into the plugin's own types");
        assertEquals(Optional.empty(), plugin.call("streamedBytes", plugin.coordinate("25.11:noble"), pipe),
                "taken once");
        assertEquals(true, pipe.getClass().getMethod("completed").invoke(pipe));
        plugin.call("withdrawPipe", plugin.coordinate("25.11:noble"), pipe);

        ((Set<String>) extension.call("verifiedFiles")).add("123 4567 2026-12-04T00:00:00Z");
        assertTrue(((Set<String>) plugin.call("verifiedFiles")).contains("123 4567 2026-12-04T00:00:00Z"));

        Map<String, Object> config = new ConcurrentHashMap<>();
        assertEquals(false, extension.call("isRelocking", config));
        plugin.call("markRelocking", (BiConsumer<String, Object>) config::put);
        assertEquals(true, extension.call("isRelocking", config));
        config.replaceAll((key, value) -> "true");
        assertEquals(false, extension.call("isRelocking", config), "no -D option marks a session");
    }
}
