/**
 * An adapter for DL4J users: {@link dev.anneal.runtime.dl4j.AnnealSchedule} drives a DL4J/ND4J
 * updater's learning rate from an Anneal schedule. For everyone.
 */
package dev.anneal.runtime.dl4j;
