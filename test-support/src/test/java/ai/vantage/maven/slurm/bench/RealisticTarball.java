package ai.vantage.maven.slurm.bench;

import ai.vantage.maven.slurm.fixture.FixtureTarball;
import ai.vantage.maven.slurm.layout.Arch;
import ai.vantage.maven.slurm.layout.SlurmCoordinate;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * A tarball of a given compressed size shaped like a real Slurm view, for the install benchmark: one {@code view/}
 * with ELF commands and daemons, a runnable {@code view/bin/sinfo}, Slurm plugins, the Lmod module rendered like Slurm
 * Factory's, then, until the gzip stream reaches the size, either library packages (MB-sized shared objects with their
 * symlink chains and hard links in {@code lib64/}, headers, man pages, docs, config files: {@link Shape#SMALL_FILES},
 * compressing about 2:1 like the real views, 269 MB {@code .tar.gz} for a 512 MiB tree) or files of several MiB, every
 * other one incompressible ({@link Shape#LARGE_FILES}, where tar pays little per file). Written as a stream.
 */
final class RealisticTarball {

    /** The kind of tree after Slurm's own files. */
    enum Shape {
        /** Thousands of files, most of them small: tar pays per file. */
        SMALL_FILES("small"),
        /** Files of 2 to 8 MiB, every other one random bytes: the bytes, not the files, cost. */
        LARGE_FILES("large");

        private final String label;

        Shape(String label) {
            this.label = label;
        }

        /** The name {@code bench/install.sh --shapes} takes. */
        String label() {
            return label;
        }

        /** The shape labelled {@code label}. */
        static Shape of(String label) {
            for (Shape shape : values()) {
                if (shape.label.equals(label)) {
                    return shape;
                }
            }
            throw new IllegalArgumentException("No tree shape '" + label + "': valid are small and large");
        }
    }

    /** What was written. */
    record Summary(long compressedBytes, long treeBytes, int files, int hardLinks, int symlinks) {}

    /**
     * Share of every binary's payload that is random (machine code); the rest is symbol and string tables. Tuned so
     * that the tree compresses about 2:1 at {@link #LEVEL}.
     */
    private static final double RANDOM_SHARE = 0.2;

    /** gzip level 1: a 4 GiB tarball generates in minutes, and inflating costs the same as at level 6. */
    private static final int LEVEL = 1;

    private static final String[] COMMANDS = {"sacct", "sacctmgr", "salloc", "sattach", "sbatch", "sbcast", "scancel",
        "scontrol", "scrontab", "sdiag", "sh5util", "sprio", "squeue", "sreport", "srun", "sshare", "sstat", "strigger",
        "sview", "scrun"};
    private static final String[] DAEMONS = {"slurmctld", "slurmd", "slurmdbd", "slurmstepd", "slurmrestd", "sackd"};
    private static final String[] PLUGIN_KINDS = {"accounting_storage", "acct_gather_energy", "auth", "cgroup", "cred",
        "gpu", "gres", "jobacct_gather", "jobcomp", "mpi", "prep", "proctrack", "sched", "select", "switch", "task",
        "topology", "tls", "serializer", "data_parser"};
    private static final String[] PACKAGES = {"hwloc", "pmix", "munge", "openssl", "curl", "json-c", "libyaml",
        "http-parser", "lz4", "zlib", "readline", "ncurses", "numactl", "libevent", "ucx", "rdma-core", "libjwt",
        "dbus", "glib", "pcre2", "libxml2", "freeipmi", "rrdtool", "lua", "hdf5", "nvml", "rocm-smi", "libbpf",
        "libnl", "krb5"};
    private static final String[] SYLLABLES = {"slurm", "job", "step", "node", "part", "acct", "gres", "conf", "get",
        "set", "init", "fini", "pack", "unpack", "alloc", "free", "list", "hash", "xstr", "cgroup", "task", "cred",
        "sched", "resv", "assoc", "qos", "tres", "bitmap", "env", "msg", "rpc", "auth", "io", "buf", "log", "spank"};

    private final SlurmCoordinate coordinate;
    private final long targetBytes;
    private final SplittableRandom random;
    private final byte[][] words;
    private final byte[] buffer = new byte[1 << 16];
    private final Set<String> directories = new HashSet<>();
    private final Set<String> names = new HashSet<>();
    private TarArchiveOutputStream tar;
    private long treeBytes;
    private int files;
    private int hardLinks;
    private int symlinks;

    private RealisticTarball(SlurmCoordinate coordinate, long targetBytes) {
        this.coordinate = coordinate;
        this.targetBytes = targetBytes;
        this.random = new SplittableRandom(targetBytes);
        this.words = new byte[2048][];
        for (int i = 0; i < words.length; i++) {
            String word = SYLLABLES[random.nextInt(SYLLABLES.length)] + "_" + SYLLABLES[random.nextInt(SYLLABLES.length)]
                    + (random.nextBoolean() ? "_" + SYLLABLES[random.nextInt(SYLLABLES.length)] : "")
                    + (random.nextInt(4) == 0 ? Integer.toString(random.nextInt(100)) : "");
            words[i] = word.getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** Writes a {@link Shape#SMALL_FILES} tarball of {@code coordinate} of about {@code targetBytes} bytes (gzip). */
    static Summary write(SlurmCoordinate coordinate, long targetBytes, Path out) throws IOException {
        return write(coordinate, Shape.SMALL_FILES, targetBytes, out);
    }

    /** Writes a tarball of {@code coordinate} and {@code shape} of about {@code targetBytes} bytes (gzip). */
    static Summary write(SlurmCoordinate coordinate, Shape shape, long targetBytes, Path out) throws IOException {
        return new RealisticTarball(coordinate, targetBytes).write(shape, out);
    }

    private Summary write(Shape shape, Path out) throws IOException {
        Files.createDirectories(out.toAbsolutePath().getParent());
        GzipParameters gzip = new GzipParameters();
        gzip.setCompressionLevel(LEVEL);
        Counting file = new Counting(new BufferedOutputStream(Files.newOutputStream(out), 1 << 16));
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(file, gzip))) {
            this.tar = tar;
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            slurm();
            for (int i = 0; file.count < targetBytes; i++) {
                String name = PACKAGES[i % PACKAGES.length]
                        + (i < PACKAGES.length ? "" : Integer.toString(i / PACKAGES.length));
                if (shape == Shape.SMALL_FILES) {
                    library(name);
                } else {
                    large("view/share/" + name + ".dat", logUniform(2 << 20, 8 << 20), i % 2 == 0);
                }
            }
        }
        // Counted once closed: the gzip stream's last block and trailer are written on close.
        return new Summary(file.count, treeBytes, files, hardLinks, symlinks);
    }

    /** Slurm itself: commands, daemons, plugins, module, config examples. */
    private void slurm() throws IOException {
        String version = FixtureTarball.of(coordinate).version();
        text("view/bin/sinfo", 0755, "#!/bin/sh\n"
                + "case \"$1\" in\n"
                + "  --version|-V) echo \"slurm " + version + "\" ;;\n"
                + "  *) echo \"sinfo: benchmark build of Slurm " + version + "\" ;;\n"
                + "esac\n");
        for (String command : COMMANDS) {
            elf("view/bin/" + command, 0755, logUniform(64 << 10, 2 << 20));
        }
        for (String daemon : DAEMONS) {
            elf("view/sbin/" + daemon, 0755, logUniform(512 << 10, 4 << 20));
        }
        elf("view/lib/libslurm.so.43.0.0", 0755, 6 << 20);
        symlink("view/lib/libslurm.so.43", "libslurm.so.43.0.0");
        symlink("view/lib/libslurm.so", "libslurm.so.43");
        link("view/lib64/libslurm.so.43.0.0", "view/lib/libslurm.so.43.0.0");
        elf("view/lib/slurm/libslurmfull.so", 0755, 9 << 20);
        for (String kind : PLUGIN_KINDS) {
            for (int i = 0; i < 4; i++) {
                String plugin = "view/lib/slurm/" + kind + "_" + word() + ".so";
                elf(plugin, 0755, logUniform(40 << 10, 1 << 20));
                text(plugin.replace(".so", ".la"), 0644, libtoolArchive(plugin));
            }
        }
        elf("view/lib/slurm/gpu_nvml.so", 0755, 600 << 10);
        link("view/lib/slurm/gpu_rsmi.so", "view/lib/slurm/gpu_nvml.so");
        String spackVersion = version.replace('.', '-') + "-1";
        text("view/assets/modules/slurm/" + spackVersion + ".lua", 0644, module(spackVersion));
        text("view/assets/modules/slurm/.modulerc.lua", 0644, "module_version(\"" + spackVersion + "\",\"default\")\n");
        for (String conf : new String[] {"slurm", "slurmdbd", "cgroup", "gres", "topology", "acct_gather", "oci",
            "job_container", "helpers", "mpi"}) {
            text("view/etc/" + conf + ".conf.example", 0644, prose(logUniform(512, 24 << 10)));
        }
        for (String page : COMMANDS) {
            text("view/share/man/man1/" + page + ".1", 0644, prose(logUniform(4 << 10, 60 << 10)));
        }
        for (int i = 0; i < 60; i++) {
            text("view/include/slurm/" + word() + ".h", 0644, prose(logUniform(1 << 10, 80 << 10)));
        }
    }

    /** A dependency as Spack views carry it: shared object chain, a hard link, headers, docs, pkg-config. */
    private void library(String name) throws IOException {
        String lib = "lib" + name.replace("-", "");
        String full = lib + ".so." + (1 + random.nextInt(9)) + "." + random.nextInt(20) + "." + random.nextInt(10);
        String major = full.substring(0, full.indexOf('.', full.indexOf(".so.") + 4));
        elf("view/lib/" + full, 0755, logUniform(256 << 10, 12 << 20));
        symlink("view/lib/" + major, full);
        symlink("view/lib/" + lib + ".so", major);
        link("view/lib64/" + full, "view/lib/" + full);
        if (random.nextInt(3) == 0) {
            elf("view/bin/" + name + "-" + word(), 0755, logUniform(32 << 10, 1 << 20));
        }
        for (int i = 0, headers = 5 + random.nextInt(30); i < headers; i++) {
            text("view/include/" + name + "/" + word() + ".h", 0644, prose(logUniform(512, 40 << 10)));
        }
        for (int i = 0, pages = 2 + random.nextInt(15); i < pages; i++) {
            text("view/share/man/man3/" + name + "_" + word() + ".3", 0644, prose(logUniform(1 << 10, 30 << 10)));
        }
        text("view/share/doc/" + name + "/README", 0644, prose(logUniform(1 << 10, 16 << 10)));
        text("view/share/doc/" + name + "/LICENSE", 0644, prose(logUniform(1 << 10, 8 << 10)));
        text("view/lib/pkgconfig/" + name + ".pc", 0644, "prefix=/opt/slurm/view\nlibdir=${prefix}/lib\n"
                + "Name: " + name + "\nLibs: -L${libdir} -l" + lib.substring(3) + "\n");
        for (int i = 0, data = random.nextInt(20); i < data; i++) {
            text("view/share/" + name + "/" + word() + ".dat", 0644, prose(logUniform(256, 200 << 10)));
        }
    }

    private String module(String spackVersion) {
        boolean amd64 = coordinate.arch() == Arch.AMD64;
        String target = amd64 ? "x86_64_v3" : "neoverse_v2";
        String compiler = "gcc@" + coordinate.toolchain().gcc();
        return "-- -*- lua -*-\n"
                + "-- Module file created by Slurm Factory\n"
                + "-- slurm@" + spackVersion + " %" + compiler + " arch=linux-" + coordinate.toolchain().id() + "-"
                + target + "\n"
                + "whatis([[Name : slurm]])\n"
                + "whatis([[Version : " + spackVersion + "]])\n"
                + "whatis([[Target : " + target + "]])\n"
                + "help([[Slurm Workload Manager, relocatable build]])\n"
                + "local version = \"" + spackVersion + "\"\n"
                + "local prefix = os.getenv(\"SLURM_INSTALL_PREFIX\") or \"/opt/slurm/view\"\n"
                + "prepend_path(\"PATH\", pathJoin(prefix, \"bin\"))\n"
                + "prepend_path(\"PATH\", pathJoin(prefix, \"sbin\"))\n"
                + "prepend_path(\"LD_LIBRARY_PATH\", pathJoin(prefix, \"lib\"))\n"
                + "prepend_path(\"LD_LIBRARY_PATH\", pathJoin(prefix, \"lib/slurm\"))\n"
                + "prepend_path(\"MANPATH\", pathJoin(prefix, \"share/man\"))\n"
                + "setenv(\"SLURM_CONF\", os.getenv(\"SLURM_CONF\") or \"/etc/slurm/slurm.conf\")\n"
                + "setenv(\"SLURM_VERSION\", version)\n"
                + "setenv(\"SLURM_BUILD_COMPILER\", \"" + compiler + "\")\n"
                + "setenv(\"SLURM_BUILD_TARGET\", \"" + target + "\")\n";
    }

    private String libtoolArchive(String plugin) {
        String name = plugin.substring(plugin.lastIndexOf('/') + 1);
        return "# " + name.replace(".so", ".la") + " - a libtool library file\n"
                + "dlname='" + name + "'\nlibrary_names='" + name + "'\nold_library=''\n"
                + "libdir='/opt/slurm/view/lib/slurm'\n";
    }

    /** A binary: a valid ELF header for the coordinate's machine, then code (random) and tables (words). */
    private void elf(String name, int mode, long size) throws IOException {
        byte[] header = new byte[64];
        header[0] = 0x7f;
        header[1] = 'E';
        header[2] = 'L';
        header[3] = 'F';
        header[4] = 2; // 64-bit
        header[5] = 1; // little endian
        header[6] = 1; // ELF version
        header[16] = 3; // ET_DYN: shared objects and PIE executables
        int machine = coordinate.arch() == Arch.AMD64 ? 62 : 183;
        header[18] = (byte) machine;
        header[19] = (byte) (machine >> 8);
        header[20] = 1; // e_version
        header[32] = 64; // e_phoff
        header[52] = 64; // e_ehsize
        header[54] = 56; // e_phentsize
        header[58] = 64; // e_shentsize
        begin(name, mode, size);
        tar.write(header);
        for (long left = size - header.length; left > 0; ) {
            int n = (int) Math.min(buffer.length, left);
            int code = (int) (n * RANDOM_SHARE);
            for (int i = 0; i < code; i += 8) {
                long bits = random.nextLong();
                for (int b = 0; b < 8 && i + b < code; b++) {
                    buffer[i + b] = (byte) (bits >>> (8 * b));
                }
            }
            fillWords(code, n, (byte) 0);
            tar.write(buffer, 0, n);
            left -= n;
        }
        tar.closeArchiveEntry();
    }

    /** A data file of {@code size} bytes: random ({@code incompressible}) or repeated words. */
    private void large(String name, long size, boolean incompressible) throws IOException {
        begin(name, 0644, size);
        for (long left = size; left > 0; ) {
            int n = (int) Math.min(buffer.length, left);
            if (incompressible) {
                for (int i = 0; i < n; i += 8) {
                    long bits = random.nextLong();
                    for (int b = 0; b < 8 && i + b < n; b++) {
                        buffer[i + b] = (byte) (bits >>> (8 * b));
                    }
                }
            } else { // words, each 16 KiB written four times: compresses about 10:1, like data tables and logs
                int piece = Math.min(n, 16 << 10);
                fillWords(0, piece, (byte) ' ');
                for (int i = piece; i < n; i += piece) {
                    System.arraycopy(buffer, 0, buffer, i, Math.min(piece, n - i));
                }
            }
            tar.write(buffer, 0, n);
            left -= n;
        }
        tar.closeArchiveEntry();
    }

    private String prose(long size) {
        StringBuilder text = new StringBuilder((int) size + 16);
        while (text.length() < size) {
            text.append(new String(words[random.nextInt(random.nextInt(words.length) + 1)], StandardCharsets.US_ASCII))
                    .append(random.nextInt(8) == 0 ? '\n' : ' ');
        }
        text.setLength((int) size);
        return text.toString();
    }

    /** Fills {@code buffer[from, to)} with words separated by {@code separator}. */
    private void fillWords(int from, int to, byte separator) {
        int i = from;
        while (i < to) {
            byte[] word = words[random.nextInt(random.nextInt(words.length) + 1)];
            int n = Math.min(word.length, to - i);
            System.arraycopy(word, 0, buffer, i, n);
            i += n;
            if (i < to) {
                buffer[i++] = separator;
            }
        }
    }

    private void text(String name, int mode, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        begin(name, mode, bytes.length);
        tar.write(bytes);
        tar.closeArchiveEntry();
    }

    private void begin(String name, int mode, long size) throws IOException {
        parents(name);
        TarArchiveEntry entry = new TarArchiveEntry(unique(name));
        entry.setMode(0100000 | mode);
        entry.setSize(size);
        tar.putArchiveEntry(entry);
        treeBytes += size;
        files++;
    }

    private void link(String name, String target) throws IOException {
        linkEntry(name, target, TarConstants.LF_LINK, 0100755);
        hardLinks++;
    }

    private void symlink(String name, String target) throws IOException {
        linkEntry(name, target, TarConstants.LF_SYMLINK, 0120777);
        symlinks++;
    }

    private void linkEntry(String name, String target, byte type, int mode) throws IOException {
        parents(name);
        TarArchiveEntry entry = new TarArchiveEntry(unique(name), type);
        entry.setLinkName(target);
        entry.setMode(mode);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    /** Writes the directory entries of {@code name}'s parents not written yet, outermost first. */
    private void parents(String name) throws IOException {
        int slash = name.lastIndexOf('/');
        if (slash < 0) {
            return;
        }
        String parent = name.substring(0, slash + 1);
        if (directories.add(parent)) {
            parents(parent.substring(0, parent.length() - 1));
            TarArchiveEntry entry = new TarArchiveEntry(parent);
            entry.setMode(040755);
            tar.putArchiveEntry(entry);
            tar.closeArchiveEntry();
        }
    }

    /** {@code name}, or when a random name came up twice, {@code name} with a number before its extension. */
    private String unique(String name) {
        String candidate = name;
        int dot = name.lastIndexOf('.') > name.lastIndexOf('/') ? name.lastIndexOf('.') : name.length();
        for (int i = 2; !names.add(candidate); i++) {
            candidate = name.substring(0, dot) + i + name.substring(dot);
        }
        return candidate;
    }

    private String word() {
        return new String(words[random.nextInt(words.length)], StandardCharsets.US_ASCII);
    }

    private long logUniform(long min, long max) {
        return (long) Math.exp(Math.log(min) + random.nextDouble() * (Math.log(max) - Math.log(min)));
    }

    /** Counts the bytes of the gzip stream, so generation stops at the size asked for. */
    private static final class Counting extends FilterOutputStream {
        private long count;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
