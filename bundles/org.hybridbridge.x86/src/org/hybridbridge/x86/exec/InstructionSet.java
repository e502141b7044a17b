package org.hybridbridge.x86.exec;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import org.hybridbridge.x86.Mnemonic;

/**
 * The semantics the engine knows, by mnemonic. Each family of instructions registers its own
 * ({@code IntegerSemantics}, {@code ControlFlowSemantics}, {@code StringSemantics},
 * {@code SystemSemantics}, {@code SseSemantics}); a mnemonic without one stops the run with an
 * error naming it, never a guess.
 */
public final class InstructionSet {

    private final Map<Mnemonic, Semantic> semantics = new EnumMap<>(Mnemonic.class);

    /** Registers {@code semantic} for {@code mnemonics}; a mnemonic can have only one. */
    public void define(Semantic semantic, Mnemonic... mnemonics) {
        for (Mnemonic mnemonic : mnemonics) {
            if (semantics.putIfAbsent(mnemonic, semantic) != null) {
                throw new IllegalStateException(mnemonic + " is defined twice");
            }
        }
    }

    /** @return the semantic of {@code mnemonic}, if the engine implements it */
    public Optional<Semantic> lookup(Mnemonic mnemonic) {
        return Optional.ofNullable(semantics.get(mnemonic));
    }

    /** @return whether {@code mnemonic} has a semantic */
    public boolean defines(Mnemonic mnemonic) {
        return semantics.containsKey(mnemonic);
    }
}
