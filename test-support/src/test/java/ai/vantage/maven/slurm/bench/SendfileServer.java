package ai.vantage.maven.slurm.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A loopback HTTP/1.1 file server for the benchmarks that sends bodies with {@code sendfile}
 * ({@link FileChannel#transferTo}), so it takes next to no CPU from the client it measures, as a CDN would. It
 * knows GET, HEAD and {@code Range: bytes=N-}, answers 403 for missing files as S3 does, closes each connection
 * after one answer, and counts the requests. The fault-injecting {@code CacheServer} is for tests.
 */
final class SendfileServer implements AutoCloseable {

    private final Path root;
    private final ServerSocketChannel socket;
    private final Thread acceptor;
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());

    private SendfileServer(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        socket = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        acceptor = new Thread(this::accept, "sendfile-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static SendfileServer start(Path root) throws IOException {
        return new SendfileServer(root);
    }

    URI uri() throws IOException {
        InetSocketAddress address = (InetSocketAddress) socket.getLocalAddress();
        return URI.create("http://127.0.0.1:" + address.getPort() + "/");
    }

    /** The request lines received so far ({@code GET /path}). */
    List<String> requests() {
        return List.copyOf(requests);
    }

    void clearRequests() {
        requests.clear();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private void accept() {
        while (socket.isOpen()) {
            try {
                SocketChannel client = socket.accept();
                Thread worker = new Thread(() -> answer(client), "sendfile-request");
                worker.setDaemon(true);
                worker.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void answer(SocketChannel client) {
        try (client) {
            BufferedReader head = new BufferedReader(
                    new InputStreamReader(Channels.newInputStream(client), StandardCharsets.ISO_8859_1));
            String[] request = head.readLine().split(" ");
            long start = 0;
            for (String line; (line = head.readLine()) != null && !line.isEmpty(); ) {
                String lower = line.toLowerCase(Locale.ROOT);
                if (lower.startsWith("range: bytes=") && lower.endsWith("-")) {
                    start = Long.parseLong(lower.substring("range: bytes=".length(), lower.length() - 1));
                }
            }
            requests.add(request[0] + " " + request[1]);
            Path file = root.resolve(request[1].substring(1)).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                write(client, "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                return;
            }
            long size = Files.size(file);
            String status = start > 0 ? "206 Partial Content" : "200 OK";
            write(client, "HTTP/1.1 " + status + "\r\nContent-Length: " + (size - start) + "\r\n"
                    + (start > 0 ? "Content-Range: bytes " + start + "-" + (size - 1) + "/" + size + "\r\n" : "")
                    + "Accept-Ranges: bytes\r\nConnection: close\r\n\r\n");
            if (request[0].equals("GET")) {
                try (FileChannel body = FileChannel.open(file)) {
                    for (long sent = start; sent < size; ) {
                        sent += body.transferTo(sent, size - sent, client);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // the client went away, or sent something that is no request: drop the connection
        }
    }

    private static void write(SocketChannel client, String text) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
        while (bytes.hasRemaining()) {
            client.write(bytes);
        }
    }
}
