package org.hybridbridge.internal.qemu.profile;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import org.hybridbridge.qemu.GuestException;

/**
 * The kernel's BTF type information ({@code /sys/kernel/btf/vmlinux}, Documentation/bpf/btf.rst),
 * read far enough to find where a struct's members lie.
 */
public final class Btf {

    private static final int MAGIC = 0xeb9f;
    private static final int KIND_STRUCT = 4;
    private static final int KIND_UNION = 5;

    private final ByteBuffer types;
    private final ByteBuffer strings;
    /** Offset in {@code types} of type id i + 1 (ids start at 1; 0 is void). */
    private final List<Integer> typeOffsets = new ArrayList<>();

    public Btf(byte[] blob) {
        ByteBuffer data = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        if (blob.length < 24 || (data.getShort(0) & 0xffff) != MAGIC) {
            throw new GuestException("not a little-endian BTF blob");
        }
        int headerLength = data.getInt(4);
        types = data.slice(headerLength + data.getInt(8), data.getInt(12)).order(ByteOrder.LITTLE_ENDIAN);
        strings = data.slice(headerLength + data.getInt(16), data.getInt(20)).order(ByteOrder.LITTLE_ENDIAN);
        for (int offset = 0; offset < types.limit(); offset += 12 + extraBytes(offset)) {
            typeOffsets.add(offset);
        }
    }

    public int typeCount() {
        return typeOffsets.size();
    }

    /**
     * The byte offset of {@code member} in struct {@code struct}, looking into anonymous
     * struct and union members; empty if there is no such struct or member (or it is a bit field
     * not on a byte boundary).
     */
    public OptionalLong memberOffset(String struct, String member) {
        for (int id = 1; id <= typeOffsets.size(); id++) {
            if (kind(id) == KIND_STRUCT && name(id).equals(struct)) {
                OptionalLong bits = memberBitOffset(id, member);
                if (bits.isPresent() && bits.getAsLong() % 8 == 0) {
                    return OptionalLong.of(bits.getAsLong() / 8);
                }
            }
        }
        return OptionalLong.empty();
    }

    private OptionalLong memberBitOffset(int id, String member) {
        int offset = typeOffsets.get(id - 1);
        boolean bitfieldEncoding = (types.getInt(offset + 4) >>> 31) != 0;
        for (int i = 0; i < vlen(id); i++) {
            int entry = offset + 12 + 12 * i;
            String name = string(types.getInt(entry));
            int type = types.getInt(entry + 4);
            long bits = bitfieldEncoding ? types.getInt(entry + 8) & 0xffffff : types.getInt(entry + 8) & 0xffffffffL;
            if (name.equals(member)) {
                return OptionalLong.of(bits);
            }
            if (name.isEmpty() && (kind(type) == KIND_STRUCT || kind(type) == KIND_UNION)) {
                OptionalLong inner = memberBitOffset(type, member);
                if (inner.isPresent()) {
                    return OptionalLong.of(bits + inner.getAsLong());
                }
            }
        }
        return OptionalLong.empty();
    }

    private int kind(int id) {
        return id == 0 ? 0 : (types.getInt(typeOffsets.get(id - 1) + 4) >>> 24) & 0x1f;
    }

    private int vlen(int id) {
        return types.getInt(typeOffsets.get(id - 1) + 4) & 0xffff;
    }

    private String name(int id) {
        return string(types.getInt(typeOffsets.get(id - 1)));
    }

    /** The bytes that follow the 12-byte common part of the type at {@code offset}, by kind. */
    private int extraBytes(int offset) {
        int info = types.getInt(offset + 4);
        int vlen = info & 0xffff;
        int kind = (info >>> 24) & 0x1f;
        return switch (kind) {
            case 1, 14, 17 -> 4; // INT, VAR, DECL_TAG
            case 3 -> 12; // ARRAY
            case 4, 5, 15, 19 -> 12 * vlen; // STRUCT, UNION, DATASEC, ENUM64
            case 6, 13 -> 8 * vlen; // ENUM, FUNC_PROTO
            case 2, 7, 8, 9, 10, 11, 12, 16, 18 -> 0; // PTR, FWD, TYPEDEF, VOLATILE, CONST, RESTRICT, FUNC, FLOAT, TYPE_TAG
            default -> throw new GuestException("BTF type kind " + kind + " is unknown to this reader");
        };
    }

    private String string(int offset) {
        int end = offset;
        while (strings.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - offset];
        strings.get(offset, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
