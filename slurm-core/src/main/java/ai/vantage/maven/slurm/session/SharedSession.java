package ai.vantage.maven.slurm.session;

import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import java.nio.ByteBuffer;
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
 * build ({@code Set<String>}, {@link ai.vantage.maven.slurm.io.VerifiedFiles}), and the mark of the session
 * {@code slurm:lock} fetches anew with (a {@code Boolean} configuration property, a value no {@code -D} option gives).
 */
public final class SharedSession {

    /** The configuration property set to {@link Boolean#TRUE} on the session {@code slurm:lock} fetches with. */
    static final String RELOCKING = "ai.vantage.maven.slurm.lock.relocking";

    private static final String PIPE = "ai.vantage.maven.slurm.tarballPipe/";
    private static final String VERIFIED_FILES = "ai.vantage.maven.slurm.verifiedFiles";

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
