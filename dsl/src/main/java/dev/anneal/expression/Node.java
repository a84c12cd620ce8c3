package dev.anneal.expression;

/**
 * A node of an expression's evaluated tree: a closure over its children, built once by the parser,
 * so that evaluating the tree allocates nothing.
 */
@FunctionalInterface
interface Node {
    double eval(double x);
}
