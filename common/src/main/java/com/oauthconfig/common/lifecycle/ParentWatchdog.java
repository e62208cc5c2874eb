package com.oauthconfig.common.lifecycle;

import io.quarkus.runtime.Quarkus;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * Exits the service when the local-stack launcher that started it is gone, so a launcher killed
 * with SIGKILL (which runs no shutdown hook) leaves no orphan services behind. Inactive unless
 * {@code local-stack.parent-pid} is set, which only the local stack does.
 */
@ApplicationScoped
public class ParentWatchdog {

    private static final Logger LOG = Logger.getLogger(ParentWatchdog.class);

    private final Optional<Long> parentPid;

    public ParentWatchdog(@ConfigProperty(name = "local-stack.parent-pid") Optional<Long> parentPid) {
        this.parentPid = parentPid;
    }

    @Scheduled(every = "2s")
    void checkParent() {
        parentPid.ifPresent(pid -> {
            if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                LOG.warnf("the local-stack launcher (pid %d) is gone; shutting down", pid);
                Quarkus.asyncExit();
            }
        });
    }
}
