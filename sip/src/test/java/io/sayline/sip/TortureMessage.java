package io.sayline.sip;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * One RFC 4475 test message, as the RFC ships it (its §4 archive, file {@code <name>.dat}, kept in the test
 * resources so nothing is downloaded at test time), with the verdict Sayline must reach.
 *
 * @param section the RFC 4475 section that presents the message
 * @param name    the RFC's file name for it, without {@code .dat}
 * @param expect  the verdict a UAS must reach
 * @param why     what the RFC asks for, or why Sayline's verdict is the one expected
 */
record TortureMessage(String section, String name, TortureExpectation expect, String why) {

    String text() {
        return load(name);
    }

    /** An RFC 4475 message by its file name, as ISO-8859-1 so every octet (NUL, BEL, DEL in intmeth) survives. */
    static String load(String name) {
        try (InputStream in = TortureMessage.class.getResourceAsStream("/rfc4475/" + name + ".dat")) {
            if (in == null) {
                throw new IllegalStateException("no test resource rfc4475/" + name + ".dat");
            }
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "RFC 4475 §" + section + " " + name + " → " + expect;
    }
}
