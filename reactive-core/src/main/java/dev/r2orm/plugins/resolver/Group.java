package dev.r2orm.plugins.resolver;

import java.util.ArrayList;
import java.util.List;

/** A group as it runs: its sources (empty: the database's own pool), its replicas and its policy. */
final class Group {

    final String name;
    final List<Target> sources;
    final List<Target> replicas;
    final Policy policy;

    Group(String name, List<Target> sources, List<Target> replicas, Policy policy) {
        this.name = name;
        this.sources = List.copyOf(sources);
        this.replicas = List.copyOf(replicas);
        this.policy = policy;
    }

    /** The replicas that may take a read now, leaving out those already tried for it. */
    List<Target> usableReplicas(List<Target> tried) {
        long now = System.nanoTime();
        List<Target> out = new ArrayList<>(replicas.size());
        for (Target t : replicas) {
            if (!tried.contains(t) && t.usable(now)) {
                out.add(t);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return name;
    }
}
