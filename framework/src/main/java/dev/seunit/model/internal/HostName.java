package dev.seunit.model.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/** This machine's name, for messages that must say where something happened. */
@API(status = INTERNAL, since = "0.1")
public final class HostName {

    private HostName() {
    }

    public static String get() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "unknown host";
        }
    }
}
