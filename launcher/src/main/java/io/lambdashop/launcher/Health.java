package io.lambdashop.launcher;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** The checks that tell whether a component is up. */
public final class Health {

    private Health() {
    }

    /** Whether something accepts TCP connections on {@code host:port}. */
    public static boolean portOpen(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether {@code url} answers HTTP 200. */
    public static boolean httpOk(String url) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL()
                    .openConnection();
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(5000);
            try {
                return connection.getResponseCode() == 200;
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether {@code file} exists and was written less than {@code maxAge} ago. */
    public static boolean fresh(Path file, Duration maxAge) {
        try {
            Instant modified = Files.getLastModifiedTime(file).toInstant();
            return modified.isAfter(Instant.now().minus(maxAge));
        } catch (IOException e) {
            return false;
        }
    }
}
