package org.hybridbridge.ui.views;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ILazyContentProvider;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.Viewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.part.ViewPart;
import org.hybridbridge.core.run.ControlCharacters;
import org.hybridbridge.core.run.KernelProfileReport;
import org.hybridbridge.core.run.UtilityRunner;
import org.hybridbridge.qemu.KernelProfile;
import org.hybridbridge.taint.syscall.Syscall;
import org.hybridbridge.taint.syscall.SyscallTable;
import org.hybridbridge.ui.MonitorProgress;

/**
 * The kernel profile of the SVM's build ({@code hb profile}): banner, per-CPU base, sections,
 * the symbols (searched by regex, in a virtual table: there are over 100,000), and the system
 * call table with each call's class.
 */
public final class KernelView extends ViewPart {

    public static final String ID = "org.hybridbridge.ui.views.kernel";

    private Display display;
    private Label banner;
    private TableViewer sections;
    private TableViewer symbols;
    private TableViewer syscalls;
    private Text search;
    private KernelProfile profile;
    private List<Map.Entry<String, Long>> shownSymbols = List.of();
    private Job loadJob;

    @Override
    public void createPartControl(Composite parent) {
        display = parent.getDisplay();
        parent.setLayout(new GridLayout(1, false));
        banner = new Label(parent, SWT.WRAP);
        banner.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        banner.setText("Reading the kernel profile...");
        SashForm sash = new SashForm(parent, SWT.HORIZONTAL);
        sash.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));

        sections = table(group(sash, "Sections"), SWT.NONE);
        sections.setContentProvider(ArrayContentProvider.getInstance());
        TextColumns.add(sections, "Symbol", 180, (Map.Entry<String, Long> e) -> e.getKey());
        TextColumns.add(sections, "Address", 150, (Map.Entry<String, Long> e) -> KernelProfileReport.hex(e.getValue()));

        Composite symbolGroup = group(sash, "Symbols");
        search = new Text(symbolGroup, SWT.BORDER | SWT.SEARCH);
        search.setMessage("regex, e.g. ^__do_sys_");
        search.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        search.addListener(SWT.Modify, event -> filterSymbols());
        symbols = table(symbolGroup, SWT.VIRTUAL);
        symbols.setContentProvider(new ILazyContentProvider() {
            @Override
            public void updateElement(int index) {
                symbols.replace(shownSymbols.get(index), index);
            }

            @Override
            public void inputChanged(Viewer viewer, Object oldInput, Object newInput) {
            }
        });
        TextColumns.add(symbols, "Symbol", 260, (Map.Entry<String, Long> e) -> e.getKey());
        TextColumns.add(symbols, "Address", 150, (Map.Entry<String, Long> e) -> KernelProfileReport.hex(e.getValue()));

        syscalls = table(group(sash, "System calls"), SWT.NONE);
        syscalls.setContentProvider(ArrayContentProvider.getInstance());
        TextColumns.add(syscalls, "No.", 50, (Syscall s) -> Integer.toString(s.number()));
        TextColumns.add(syscalls, "Name", 160, Syscall::name);
        TextColumns.add(syscalls, "Class", 120, (Syscall s) -> s.kind().spelling());
        syscalls.setInput(List.copyOf(SyscallTable.defaults().syscalls()));
        getSite().setSelectionProvider(symbols);
        load();
    }

    private static Composite group(Composite parent, String title) {
        Group group = new Group(parent, SWT.NONE);
        group.setText(title);
        group.setLayout(new GridLayout(1, false));
        return group;
    }

    private static TableViewer table(Composite parent, int style) {
        TableViewer viewer = new TableViewer(parent, style | SWT.FULL_SELECTION | SWT.BORDER | SWT.V_SCROLL);
        viewer.getTable().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        viewer.getTable().setHeaderVisible(true);
        viewer.getTable().setLinesVisible(true);
        return viewer;
    }

    /** Reads the profile in a Job: the first time, profiling the kernel boots the SVM. */
    private void load() {
        loadJob = Job.create("Reading the kernel profile", monitor -> {
            KernelProfile profile = UtilityRunner.inDefaultCache(new MonitorProgress(monitor)).profile();
            display.asyncExec(() -> show(profile));
            return Status.OK_STATUS;
        });
        loadJob.schedule();
    }

    private void show(KernelProfile profile) {
        if (banner.isDisposed()) {
            return;
        }
        // the banner was read from the SVM's memory: shown escaped, as all guest text
        banner.setText(String.format("%s%nper-CPU base %s, %,d symbols, BTF %,d bytes, profile in %s",
                ControlCharacters.escaped(profile.banner().strip()), KernelProfileReport.hex(profile.perCpuBase()),
                profile.symbolCount(), profile.btfBytes().length, profile.directory()));
        sections.setInput(List.copyOf(profile.sections().entrySet()));
        this.profile = profile;
        filterSymbols();
        banner.getParent().layout();
    }

    private void filterSymbols() {
        Pattern pattern;
        try {
            pattern = Pattern.compile(search.getText());
        } catch (PatternSyntaxException e) {
            return; // still being typed
        }
        if (profile == null) {
            return; // still being read
        }
        shownSymbols = KernelProfileReport.symbols(profile, pattern);
        symbols.setInput(shownSymbols);
        symbols.setItemCount(shownSymbols.size());
        symbols.refresh();
    }

    /** The symbol table, for tests. */
    public TableViewer getSymbols() {
        return symbols;
    }

    /** The system call table, for tests. */
    public TableViewer getSyscalls() {
        return syscalls;
    }

    /** The Job that reads the profile, for tests that wait for it. */
    public Job getLoadJob() {
        return loadJob;
    }

    @Override
    public void setFocus() {
        search.setFocus();
    }
}
