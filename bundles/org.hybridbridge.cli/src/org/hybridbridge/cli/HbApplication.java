package org.hybridbridge.cli;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;

/** The Equinox application the {@code hb} script starts; its exit status is the command's. */
public final class HbApplication implements IApplication {

    @Override
    public Object start(IApplicationContext context) {
        String[] args = (String[]) context.getArguments().get(IApplicationContext.APPLICATION_ARGS);
        return Hb.run(args == null ? new String[0] : args, System.out, System.err);
    }

    @Override
    public void stop() {
        // Commands run to completion on the caller's thread; there is nothing to interrupt here.
    }
}
