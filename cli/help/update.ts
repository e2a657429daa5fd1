/** @module `--help` text of `mre update`. */

export const UPDATE_HELP = `Usage: mre update FILE [options]
       mre update --rollback [options]
       mre update --list [--root DIR]

Installs an appliance bundle (mre-appliance-<version>-linux-<arch>.tar.gz, from
npm run bundle:appliance) on this box: checks it (one mre-appliance-<version>/ folder,
plain files only, built for this machine's architecture and Node, every file's sha256
as its manifest.json says), unpacks it beside the running release in
/opt/mre/releases/<version>, switches /opt/mre/current to it at once, restarts the
appliance and waits for GET /healthz to answer 200 from the new version. When it does not
within the ready timeout, /opt/mre/current goes back to the release that ran before and
the appliance is restarted on it. The log and the race data (/var/lib/mre-appliance) are
never touched. The last releases stay on disk; --rollback goes back to the previous one.

  --rollback             switch back to the release that ran before this one
  --list                 list the installed releases, the current and the previous one
  --root DIR             prefix of /opt/mre and /etc (default /)
  --restart-cmd CMD      how to restart the appliance, run by /bin/sh
                         (default: systemctl restart mre-appliance.service)
  --ready-url URL        the readiness URL to poll (default: /healthz on the port of
                         ROOT/etc/mre-trackside/appliance.json, or 8080, on 127.0.0.1)
  --ready-timeout SEC    how long the new release has to answer ready (default 60)
  --keep N               releases kept on disk, current and previous included (default 3)
  -h, --help             this text

Run it as root (sudo mre update FILE): it writes /opt/mre and restarts the service.
Exits 0 when the new release (or, with --rollback, the previous one) runs and is ready,
or was already running. Exits 1 when it did not come up and the box is back on the
release it ran before, and 1 with the reason when the bundle is refused (nothing changed)
or neither release came up. Exits 2 on wrong usage.`;
