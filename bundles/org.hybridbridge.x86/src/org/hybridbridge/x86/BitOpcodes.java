package org.hybridbridge.x86;

/** Bit tests, bit scans and counts. */
final class BitOpcodes {

    private BitOpcodes() {
    }

    static void register(OpcodeTable t) {
        t.add("0F A3 /r", "BT Ev,Gv", Flow.R_R);
        t.add("0F AB /r", "BTS Ev,Gv", Flow.RW_R);
        t.add("0F B3 /r", "BTR Ev,Gv", Flow.RW_R);
        t.add("0F BB /r", "BTC Ev,Gv", Flow.RW_R);
        t.add("0F BA /4", "BT Ev,Ib", Flow.R_R);
        t.add("0F BA /5", "BTS Ev,Ib", Flow.RW_R);
        t.add("0F BA /6", "BTR Ev,Ib", Flow.RW_R);
        t.add("0F BA /7", "BTC Ev,Ib", Flow.RW_R);
        // BSF/BSR leave the destination unchanged for a zero source, hence read-write
        t.add("0F BC /r", "BSF Gv,Ev", Flow.RW_R);
        t.add("0F BD /r", "BSR Gv,Ev", Flow.RW_R);
        t.add("F3 0F BC /r", "TZCNT Gv,Ev", Flow.W_R);
        t.add("F3 0F BD /r", "LZCNT Gv,Ev", Flow.W_R);
        t.add("F3 0F B8 /r", "POPCNT Gv,Ev", Flow.W_R);
    }
}
