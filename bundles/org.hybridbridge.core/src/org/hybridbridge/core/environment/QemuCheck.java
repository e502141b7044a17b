package org.hybridbridge.core.environment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hybridbridge.qemu.QemuInstallation;

/** QEMU, which boots the guests under TCG (this machine's KVM cannot run a kernel at CPL0 fast). */
final class QemuCheck implements Check {

    @Override
    public String description() {
        return "Looking for " + QemuInstallation.PROGRAM;
    }

    @Override
    public List<CheckResult> run() {
        QemuInstallation qemu = QemuInstallation.find();
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("program", QemuInstallation.PROGRAM);
        if (qemu.executable() != null) {
            facts.put("path", qemu.executable().toString());
        }
        if (!qemu.isUsable()) {
            return List.of(new CheckResult("qemu", "QEMU", CheckStatus.MISSING, qemu.problem(), "", facts));
        }
        facts.put("version", qemu.version());
        return List.of(new CheckResult("qemu", "QEMU", CheckStatus.OK, qemu.version(),
                qemu.executable().toString(), facts));
    }
}
