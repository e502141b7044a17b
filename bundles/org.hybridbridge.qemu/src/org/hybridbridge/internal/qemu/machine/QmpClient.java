package org.hybridbridge.internal.qemu.machine;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

import org.hybridbridge.qemu.GuestException;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * The QEMU Machine Protocol over a UNIX socket: one JSON object a line, commands answered in
 * order, asynchronous events in between (skipped: nothing here waits for one).
 */
public final class QmpClient implements Closeable {

    private final SocketChannel channel;
    private final BufferedReader in;
    private final OutputStream out;

    /** Takes over a connected channel, reads the greeting and leaves capabilities negotiation. */
    public QmpClient(SocketChannel channel) throws IOException {
        this.channel = channel;
        this.in = new BufferedReader(Channels.newReader(channel, StandardCharsets.UTF_8));
        this.out = Channels.newOutputStream(channel);
        JsonObject greeting = readMessage();
        if (!greeting.has("QMP")) {
            throw new GuestException("QEMU's QMP socket did not greet with QMP: " + greeting);
        }
        execute("qmp_capabilities", null);
    }

    /** Runs {@code command} with {@code arguments} (null: none) and returns its {@code return} value. */
    public synchronized JsonElement execute(String command, JsonObject arguments) {
        JsonObject request = new JsonObject();
        request.addProperty("execute", command);
        if (arguments != null) {
            request.add("arguments", arguments);
        }
        try {
            out.write((request + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (true) {
                JsonObject reply = readMessage();
                if (reply.has("return")) {
                    return reply.get("return");
                }
                if (reply.has("error")) {
                    JsonObject error = reply.getAsJsonObject("error");
                    throw new GuestException("QMP " + command + " failed: " + error.get("desc").getAsString());
                }
            }
        } catch (IOException e) {
            throw new GuestException("QMP " + command + " failed: " + e.getMessage(), e);
        }
    }

    /** Runs a human monitor command (e.g. {@code info registers}) and returns its text. */
    public String human(String commandLine) {
        JsonObject arguments = new JsonObject();
        arguments.addProperty("command-line", commandLine);
        return execute("human-monitor-command", arguments).getAsString();
    }

    private JsonObject readMessage() throws IOException {
        String line = in.readLine();
        if (line == null) {
            throw new GuestException("QEMU closed its QMP socket");
        }
        try {
            return JsonParser.parseString(line).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new GuestException("QEMU sent a QMP line that is not a JSON object: " + line, e);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
