package org.hybridbridge.x86.exec;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import org.hybridbridge.x86.Instruction;
import org.hybridbridge.x86.Mnemonic;

/**
 * The semantics the engine knows, by mnemonic. Each family of instructions registers its own
 * ({@code IntegerSemantics}, {@code ControlFlowSemantics}, {@code StringSemantics},
 * {@code SystemSemantics}, {@code SseSemantics}); a mnemonic without one stops the run with an
 * error naming it, never a guess. Semantics hold no state (what they work on comes in their
 * {@link Execution}), so one set serves every machine of a process whose CPU model reports the
 * same features ({@link #of}), and so do the instructions decoded with their semantic resolved
 * ({@link #sharedDecodes}).
 */
public final class InstructionSet {

    /** The sets of {@link #of}, by the {@link CpuFeature}s their model reports. */
    private static final Map<Integer, InstructionSet> BY_FEATURES = new ConcurrentHashMap<>();

    private final Map<Mnemonic, Semantic> semantics = new EnumMap<>(Mnemonic.class);
    private final Map<Mnemonic, List<SpecialCase>> specialCases = new EnumMap<>(Mnemonic.class);
    private SharedDecodes sharedDecodes;

    /** A semantic for the instructions of one mnemonic that {@code applies} picks out. */
    private record SpecialCase(Predicate<Instruction> applies, Semantic semantic) {
    }

    /**
     * @return the instruction set of a machine of {@code model}, shared by every machine of a model
     *         that reports the same features: which semantics exist depends on those only
     */
    static InstructionSet of(CpuModel model) {
        return BY_FEATURES.computeIfAbsent(CpuFeature.reportedBy(model), features -> {
            InstructionSet set = new InstructionSet();
            SystemSemantics.register(set);
            SystemCallSemantics.register(set);
            IdentificationSemantics.register(set);
            ExtendedStateSemantics.register(set);
            PortIoSemantics.register(set);
            X87Semantics.register(set);
            SseSemantics.register(set, model);
            IntegerSemantics.register(set, model);
            ControlFlowSemantics.register(set);
            StringSemantics.register(set);
            return set;
        });
    }

    /** @return a set with this one's semantics, to change without changing this one */
    InstructionSet copy() {
        InstructionSet copy = new InstructionSet();
        copy.semantics.putAll(semantics);
        specialCases.forEach((mnemonic, cases) -> copy.specialCases.put(mnemonic, new ArrayList<>(cases)));
        return copy;
    }

    /**
     * @return the instructions decoded with this set's semantics, for every machine that executes
     *         with this set (made on first use: tests make sets that no machine runs)
     */
    synchronized SharedDecodes sharedDecodes() {
        if (sharedDecodes == null) {
            sharedDecodes = new SharedDecodes();
        }
        return sharedDecodes;
    }

    /** Registers {@code semantic} for {@code mnemonics}; a mnemonic can have only one. */
    public void define(Semantic semantic, Mnemonic... mnemonics) {
        for (Mnemonic mnemonic : mnemonics) {
            if (semantics.putIfAbsent(mnemonic, semantic) != null) {
                throw new IllegalStateException(mnemonic + " is defined twice");
            }
        }
    }

    /**
     * Registers {@code semantic} for the instructions of {@code mnemonic} that {@code applies}
     * picks out, ahead of the mnemonic's own semantic: one mnemonic, two families (a
     * {@code MOV} to a control register is a system instruction, not a data move).
     */
    public void defineSpecialCase(Mnemonic mnemonic, Predicate<Instruction> applies, Semantic semantic) {
        specialCases.computeIfAbsent(mnemonic, m -> new ArrayList<>()).add(new SpecialCase(applies, semantic));
    }

    /**
     * @return the semantic of {@code instruction}: a special case that applies, else its
     *         mnemonic's, {@linkplain Semantic#specializedFor specialized} for it
     */
    public Optional<Semantic> lookup(Instruction instruction) {
        return Optional.ofNullable(semanticOf(instruction));
    }

    /**
     * {@link #lookup(Instruction)} as the machine asks it, once per instruction decoded: without an
     * iterator or an {@code Optional}.
     *
     * @return the semantic, or {@code null} if the engine has none
     */
    Semantic semanticOf(Instruction instruction) {
        List<SpecialCase> cases = specialCases.get(instruction.mnemonic());
        for (int i = 0; cases != null && i < cases.size(); i++) {
            if (cases.get(i).applies().test(instruction)) {
                return cases.get(i).semantic().specializedFor(instruction);
            }
        }
        Semantic semantic = semantics.get(instruction.mnemonic());
        return semantic == null ? null : semantic.specializedFor(instruction);
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
