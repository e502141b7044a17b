package org.hybridbridge.internal.qemu.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.hybridbridge.internal.qemu.image.InitramfsTree.Entry;
import org.junit.jupiter.api.Test;

class InitramfsTreeTest {

    @Test
    void addingAFileAddsItsParentDirectoriesFirst() {
        InitramfsTree tree = new InitramfsTree();
        tree.symlink("/usr/sbin/sshd-backdoor", "/bin/hb-sleeper");

        assertEquals(List.of("/usr", "/usr/sbin", "/usr/sbin/sshd-backdoor"),
                tree.entries().stream().map(Entry::path).toList());
    }

    @Test
    void relativeOrDirectoryLikePathsAreRefused() {
        InitramfsTree tree = new InitramfsTree();

        assertThrows(IllegalArgumentException.class, () -> tree.symlink("bin/sh", "/bin/busybox"));
        assertThrows(IllegalArgumentException.class, () -> tree.symlink("/bin/", "/bin/busybox"));
    }
}
