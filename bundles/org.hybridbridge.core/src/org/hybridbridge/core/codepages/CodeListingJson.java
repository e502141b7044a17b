package org.hybridbridge.core.codepages;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import org.hybridbridge.fast.codepage.CodeLine;
import org.hybridbridge.fast.codepage.CodePage;

import com.google.gson.GsonBuilder;

/**
 * A {@link CodeListing} as one JSON document ({@code hb codepages --json}): what is listed, each
 * page's original, NR and R bytes (hex), and the instructions aligned with them. Addresses are hex
 * strings (a 64-bit address does not survive a JSON reader's doubles).
 */
public final class CodeListingJson {

    private static final HexFormat HEX = HexFormat.of();

    private CodeListingJson() {
    }

    public static String of(CodeListing listing) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("title", listing.title());
        root.put("start", hex(listing.start()));
        root.put("end", hex(listing.end()));
        root.put("pages", listing.pages().stream().map(CodeListingJson::page).toList());
        root.put("instructions", listing.lines().stream().map(CodeListingJson::line).toList());
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(root);
    }

    private static Map<String, Object> page(CodePage page) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("address", hex(page.address()));
        object.put("original", HEX.formatHex(page.original()));
        object.put("nr", HEX.formatHex(page.nr()));
        object.put("r", HEX.formatHex(page.r()));
        return object;
    }

    private static Map<String, Object> line(CodeLine line) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("address", hex(line.address()));
        object.put("symbol", line.symbol());
        object.put("bytes", HEX.formatHex(line.bytes()));
        object.put("text", line.text());
        object.put("class", line.codeClass().name());
        object.put("patchedInNr", line.patchedInNr());
        object.put("patchedInR", line.patchedInR());
        return object;
    }

    private static String hex(long address) {
        return String.format("%#x", address);
    }
}
