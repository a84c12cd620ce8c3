/**
 * The {@code anneal} command-line tool: {@link dev.anneal.samples.cli.Anneal} and one class per
 * command ({@code train}, {@code sweep}, {@code lr-find}, {@code show}, ...), with the options
 * several commands share declared once as picocli mixins. Internal to the tool.
 */
package dev.anneal.samples.cli;
