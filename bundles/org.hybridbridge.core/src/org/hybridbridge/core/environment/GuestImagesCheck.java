package org.hybridbridge.core.environment;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.hybridbridge.qemu.GuestImage;
import org.hybridbridge.qemu.GuestImages;
import org.hybridbridge.qemu.GuestKind;

/** The SVM and demo GVM images in the cache, which {@code hb guest build} writes. */
final class GuestImagesCheck implements Check {

    private final GuestImages images;

    GuestImagesCheck(GuestImages images) {
        this.images = images;
    }

    @Override
    public String description() {
        return "Looking for the guest images in " + images.imageDirectory();
    }

    @Override
    public List<CheckResult> run() {
        return Arrays.stream(GuestKind.values()).map(this::result).toList();
    }

    private CheckResult result(GuestKind kind) {
        String name = "guest." + kind.label();
        String label = kind.name() + " image";
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("imageDirectory", images.imageDirectory().toString());
        Optional<GuestImage> image = images.find(kind);
        facts.put("present", image.isPresent());
        if (image.isEmpty()) {
            return new CheckResult(name, label, CheckStatus.MISSING, "not built in " + images.imageDirectory(),
                    "run hb guest build", facts);
        }
        facts.put("kernel", image.get().kernel().toString());
        facts.put("initramfs", image.get().initramfs().toString());
        facts.put("kernelRelease", image.get().kernelRelease());
        return new CheckResult(name, label, CheckStatus.OK, "kernel " + image.get().kernelRelease(),
                image.get().initramfs().toString(), facts);
    }
}
