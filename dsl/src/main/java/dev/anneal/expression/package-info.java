/**
 * A small numeric expression language in Python's syntax, {@link dev.anneal.expression.Expression}:
 * the factor of {@code function("0.95 ** t")}, cyclic's {@code scaleFn} and PyTorch's lambdas. Its
 * public types are for anyone; the rest is package-private.
 */
package dev.anneal.expression;
