/**
 * Runnable Java scripts ({@code anneal scenario NAME}): a warmup-cosine run, step decay, warm
 * restarts, a plateau, a resumed run; each is also a short example of the library's API.
 */
package dev.anneal.samples.scenarios;
