package ai.vantage.maven.slurm.upstream;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** A {@code file:} copy of the cache: keys are files, folders are directories. */
final class FileOrigin implements Origin {

    @Override
    public Response read(URI url, long offset, boolean head) throws IOException {
        try {
            SeekableByteChannel channel = Files.newByteChannel(Path.of(url));
            long size = channel.size();
            channel.position(Math.min(offset, size));
            return new Response(url, size - Math.min(offset, size), Files.getLastModifiedTime(Path.of(url)).toMillis(),
                    Channels.newInputStream(channel));
        } catch (NoSuchFileException e) {
            throw new NotFoundException(url + " does not exist");
        }
    }

    @Override
    public List<String> folders(String base, String prefix) throws IOException {
        Path folder = Path.of(URI.create(base)).resolve(prefix);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(folder)) {
            return children.filter(Files::isDirectory).map(p -> prefix + p.getFileName() + "/").sorted().toList();
        }
    }
}
