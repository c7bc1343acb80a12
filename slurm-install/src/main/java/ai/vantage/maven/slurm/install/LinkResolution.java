package ai.vantage.maven.slurm.install;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a relative symbolic link of a tree leads, followed as the kernel follows it: one component at a time, each
 * component that is itself a link replaced by that link's target, read from where that link lies, and {@code ..}
 * taken from where the walk really is. A component that does not exist is taken as a folder, so a dangling link that
 * would lead outside once the missing part appears counts as leading outside. At most 40 links are followed in one
 * resolution, as Linux's {@code MAXSYMLINKS}: a loop, or a fan of links made to cost exponential time, is refused.
 */
final class LinkResolution {

    /** The links of a tree: the target of the link at {@code path} (components joined by '/'), or null. */
    @FunctionalInterface
    interface Links {
        String target(String path) throws IOException;
    }

    private static final int MAX_LINKS_FOLLOWED = 40;

    private final Links links;
    private int followed;

    private LinkResolution(Links links) {
        this.links = links;
    }

    /**
     * Whether the link {@code name} (components below the tree's root, joined by '/') with target {@code target}
     * leads to a place inside the tree, following the links {@code links} knows.
     */
    static boolean staysInside(String name, String target, Links links) throws IOException {
        List<String> at = new ArrayList<>(List.of(name.split("/")));
        at.remove(at.size() - 1);
        return new LinkResolution(links).follow(at, target);
    }

    /** Follows {@code target} from {@code at}, which is left where it leads; false when a step leaves the tree. */
    private boolean follow(List<String> at, String target) throws IOException {
        if (target.startsWith("/") || ++followed > MAX_LINKS_FOLLOWED) {
            return false;
        }
        for (String part : target.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (at.isEmpty()) {
                    return false;
                }
                at.remove(at.size() - 1);
                continue;
            }
            at.add(part);
            String through = links.target(String.join("/", at));
            if (through != null) {
                at.remove(at.size() - 1);
                if (!follow(at, through)) {
                    return false;
                }
            }
        }
        return true;
    }
}
