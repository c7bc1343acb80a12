package ai.vantage.maven.slurm.bridge;

import ai.vantage.maven.slurm.layout.Arch;
import ai.vantage.maven.slurm.layout.SlurmSeries;
import ai.vantage.maven.slurm.layout.Toolchain;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Which builds the offline mirror copies: series, toolchains and architectures, each all that exist when not given.
 *
 * @param series the series, or empty for every series the cache holds
 * @param toolchains the toolchains (all by default)
 * @param arches the architectures (all by default)
 */
public record MirrorSelection(List<String> series, List<Toolchain> toolchains, List<Arch> arches) {

    /**
     * Parses comma-separated lists, each null or blank for "all".
     *
     * @throws IllegalArgumentException naming the bad entry and what is valid
     */
    public static MirrorSelection parse(String series, String toolchains, String arches) {
        List<Toolchain> chosenToolchains = entries(toolchains, Toolchain::of);
        List<Arch> chosenArches = entries(arches, Arch::of);
        return new MirrorSelection(entries(series, SlurmSeries::require),
                chosenToolchains.isEmpty() ? List.of(Toolchain.values()) : chosenToolchains,
                chosenArches.isEmpty() ? List.of(Arch.values()) : chosenArches);
    }

    private static <T> List<T> entries(String list, Function<String, T> parse) {
        if (list == null || list.isBlank()) {
            return List.of();
        }
        return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(parse).distinct().toList();
    }
}
