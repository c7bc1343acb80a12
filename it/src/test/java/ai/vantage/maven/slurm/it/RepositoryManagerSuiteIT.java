package ai.vantage.maven.slurm.it;

import org.junit.platform.suite.api.SelectClasses;
import org.junit.platform.suite.api.Suite;

/**
 * The ITs that share one real Nexus ({@code NexusExtension}), as one unit of the parallel run: failsafe hands a class
 * to one JVM, so the suite keeps them in the JVM that starts that Nexus, while the other ITs run beside it in the
 * other JVMs. With {@code -Dit.test=NexusBridgeIT} (the parallel profile off) a member runs on its own, as before.
 */
@Suite
@SelectClasses(value = {FleetIT.class, NexusBridgeIT.class, NexusRawProxyIT.class},
        names = "ai.vantage.maven.slurm.it.nexus.NexusServerIT")
class RepositoryManagerSuiteIT {
}
