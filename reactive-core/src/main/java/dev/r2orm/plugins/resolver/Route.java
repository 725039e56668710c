package dev.r2orm.plugins.resolver;

/**
 * Where an operation's connections come from, put in its Reactor context by the resolver's interceptor and read by
 * its connection factory.
 *
 * @param group the group
 * @param read whether a replica may serve it
 */
record Route(Group group, boolean read) {

    static final Object KEY = new Object() {
        @Override
        public String toString() {
            return "r2orm.resolver.route";
        }
    };
}
