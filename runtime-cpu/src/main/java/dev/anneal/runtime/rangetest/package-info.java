/**
 * The learning-rate range test (fastai's lr finder): {@link dev.anneal.runtime.rangetest.LrRangeTest}
 * ramps the learning rate over a copy of a network and suggests one. For everyone.
 *
 * <pre>{@code
 * LrRangeResult r = LrRangeTest.builder(net).optimizer(Optimizer.sgd(0.1).momentum(0.9)).build().run(train);
 * double lr = r.valley().orElseThrow().lr();
 * }</pre>
 */
package dev.anneal.runtime.rangetest;
