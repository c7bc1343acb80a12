package ai.vantage.maven.slurm.session;

import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import ai.vantage.maven.slurm.pgp.VerificationResult;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The contract between the Maven extension (the transport and the post-processor) and the plugin: everything the two
 * share through one build's repository session, each key owned here behind a typed accessor. Maven loads the two
 * sides' copies of this project in class loaders of their own, so only JDK types cross: the install's pipe the
 * transport tees a download into ({@code Flow.Subscriber<ByteBuffer>}), the identities of the files verified in this
 * build ({@code Set<String>}, {@link ai.vantage.maven.slurm.io.VerifiedFiles}), what the transport's check found of
 * the bytes it teed into that pipe ({@link StreamedBytes}, as a {@code Map} of JDK values), and the mark of the session
 * {@code slurm:lock} fetches anew with (a {@code Boolean} configuration property, a value no {@code -D} option gives).
 */
public final class SharedSession {

    /** The configuration property set to {@link Boolean#TRUE} on the session {@code slurm:lock} fetches with. */
    static final String RELOCKING = "ai.vantage.maven.slurm.lock.relocking";

    private static final String PIPE = "ai.vantage.maven.slurm.tarballPipe/";
    private static final String VERIFIED_FILES = "ai.vantage.maven.slurm.verifiedFiles";
    private static final String STREAMED = "ai.vantage.maven.slurm.streamedBytes/";

    /** Resolver's {@code SessionData.set(key, expected, value)}: a compare-and-set. */
    @FunctionalInterface
    public interface CompareAndSet {
        boolean set(Object key, Object expected, Object value);
    }

    private final Function<Object, Object> get;
    private final CompareAndSet set;
    private final BiFunction<Object, Supplier<Object>, Object> computeIfAbsent;

    private SharedSession(Function<Object, Object> get, CompareAndSet set,
            BiFunction<Object, Supplier<Object>, Object> computeIfAbsent) {
        this.get = Objects.requireNonNull(get, "get");
        this.set = Objects.requireNonNull(set, "set");
        this.computeIfAbsent = Objects.requireNonNull(computeIfAbsent, "computeIfAbsent");
    }

    /**
     * The shared part of a repository session's data, e.g.
     * {@code SharedSession.of(data::get, data::set, data::computeIfAbsent)} for resolver's {@code SessionData}.
     */
    public static SharedSession of(Function<Object, Object> get, CompareAndSet set,
            BiFunction<Object, Supplier<Object>, Object> computeIfAbsent) {
        return new SharedSession(get, set, computeIfAbsent);
    }

    /**
     * The install offers its pipe for the download of {@code coordinate}.
     *
     * @return false when another install in this session offered one already (then it gets no streamed bytes)
     */
    public boolean offerPipe(SlurmCoordinate coordinate, Flow.Subscriber<ByteBuffer> pipe) {
        return set.set(PIPE + coordinate, null, Objects.requireNonNull(pipe, "pipe"));
    }

    /** The install withdraws its pipe once the download is resolved, whether or not the transport took it. */
    public void withdrawPipe(SlurmCoordinate coordinate, Flow.Subscriber<ByteBuffer> pipe) {
        set.set(PIPE + coordinate, pipe, null);
    }

    /** The transport takes the pipe offered for {@code coordinate}, if any: exactly one download feeds it. */
    @SuppressWarnings("unchecked") // only offerPipe puts a value under this key
    public Optional<Flow.Subscriber<ByteBuffer>> takePipe(SlurmCoordinate coordinate) {
        String key = PIPE + coordinate;
        Object offered = get.apply(key);
        if (!(offered instanceof Flow.Subscriber) || !set.set(key, offered, null)) {
            return Optional.empty();
        }
        return Optional.of((Flow.Subscriber<ByteBuffer>) offered);
    }

    /**
     * What the transport's one read found of the bytes it teed into an install's pipe: their count, their SHA-256 and
     * the signature that verified over exactly them.
     */
    public record StreamedBytes(long size, String sha256, VerificationResult signature) {}

    /**
     * The transport records, before it completes {@code pipe}, that the signature of the bytes it teed into it
     * verified: the install that reads them from {@code pipe} need not hash them again.
     */
    public void streamedBytes(SlurmCoordinate coordinate, Flow.Subscriber<ByteBuffer> pipe, StreamedBytes bytes) {
        Map<String, Object> value = new HashMap<>();
        value.put("pipe", Objects.requireNonNull(pipe, "pipe"));
        value.put("size", bytes.size());
        value.put("sha256", bytes.sha256());
        VerificationResult signature = bytes.signature();
        value.put("artifact", signature.artifact());
        value.put("signer", signature.signerFingerprint());
        value.put("primary", signature.primaryFingerprint());
        value.put("time", signature.signatureTime());
        value.put("hash", signature.hashAlgorithm());
        String key = STREAMED + coordinate;
        Object before;
        do {
            before = get.apply(key);
        } while (!set.set(key, before, value));
    }

    /**
     * The install takes what the transport recorded of the bytes it teed into {@code pipe} ({@link #streamedBytes}),
     * if it recorded that for this very pipe: empty when the bytes were not checked as they streamed.
     */
    public Optional<StreamedBytes> streamedBytes(SlurmCoordinate coordinate, Flow.Subscriber<ByteBuffer> pipe) {
        String key = STREAMED + coordinate;
        Object recorded = get.apply(key);
        if (!(recorded instanceof Map<?, ?> value) || value.get("pipe") != pipe || !set.set(key, recorded, null)) {
            return Optional.empty();
        }
        return Optional.of(new StreamedBytes((Long) value.get("size"), (String) value.get("sha256"),
                new VerificationResult((String) value.get("artifact"), (String) value.get("signer"),
                        (String) value.get("primary"), (Instant) value.get("time"), (String) value.get("hash"))));
    }

    /**
     * The identities ({@link ai.vantage.maven.slurm.io.VerifiedFiles#identity}) of the files whose signature verified
     * in this build: the extension adds, the plugin reads. Safe for concurrent use.
     */
    @SuppressWarnings("unchecked") // only this method puts a value under this key
    public Set<String> verifiedFiles() {
        Object files = computeIfAbsent.apply(VERIFIED_FILES, ConcurrentHashMap::newKeySet);
        if (!(files instanceof Set)) {
            throw new IllegalStateException("The session data holds a " + files.getClass().getName() + " under "
                    + VERIFIED_FILES + ", not the set of verified files");
        }
        return (Set<String>) files;
    }

    /** Whether a session with {@code configProperties} is the one {@code slurm:lock} fetches anew with. */
    public static boolean isRelocking(Map<?, ?> configProperties) {
        return Boolean.TRUE.equals(configProperties.get(RELOCKING));
    }

    /** Marks a session as the one {@code slurm:lock} fetches anew with, through its {@code setConfigProperty}. */
    public static void markRelocking(BiConsumer<String, Object> setConfigProperty) {
        setConfigProperty.accept(RELOCKING, Boolean.TRUE);
    }
}
