package org.hybridbridge.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** Reading {@code /proc/kallsyms} text into a kernel profile's symbols. */
class KallsymsTest {

    @Test
    void readsAddressTypeAndNameOfEveryLine() {
        Map<String, Long> symbols = KernelProfile.parseKallsyms("""
                0000000000000000 A fixed_percpu_data
                000000000001fb80 A current_task
                ffffffff810b0f40 t __do_sys_getpid
                ffffffffc0200000 t ext4_fill_super\t[ext4]
                """);
        assertEquals(Map.of("fixed_percpu_data", 0L, "current_task", 0x1fb80L, "__do_sys_getpid", 0xffffffff810b0f40L,
                "ext4_fill_super", 0xffffffffc0200000L), symbols, "a module's name is the symbol's, its [module] dropped");
    }

    @Test
    void aNameListedTwiceKeepsItsFirstAddress() {
        Map<String, Long> symbols = KernelProfile.parseKallsyms("""
                ffffffff81001000 t cleanup
                ffffffff81002000 t cleanup
                """);
        assertEquals(0xffffffff81001000L, symbols.get("cleanup"), "two static functions of one name");
    }

    @Test
    void skipsLinesThatAreNotSymbols() {
        Map<String, Long> symbols = KernelProfile.parseKallsyms("\n  \nffff8880 T short_address\n"
                + "ffffffff81000000 T\n" + "  ffffffff81000000   T   _text  \n" + "ffffffff81000010 T no_newline");
        assertEquals(Map.of("_text", 0xffffffff81000000L, "no_newline", 0xffffffff81000010L), symbols,
                "blank lines, a 32-bit address and a line without a name are skipped; blanks around fields are not part of them");
    }
}
