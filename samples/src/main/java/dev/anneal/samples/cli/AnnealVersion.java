package dev.anneal.samples.cli;

import picocli.CommandLine.IVersionProvider;

/**
 * The version {@code anneal --version} prints: the jar's {@code Implementation-Version} and the Java
 * it runs on.
 */
final class AnnealVersion implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = Anneal.class.getPackage().getImplementationVersion();
        return new String[] {
            "anneal " + (version == null ? "(development build)" : version),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
        };
    }
}
