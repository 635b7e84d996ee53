package dev.spotshift.monitor.streams;

import dev.spotshift.monitor.domain.Sample;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Some samples of one plan, stored under one key of the sample store: those one commit added. One store write, one
 * changelog record and one serialisation per plan per commit, where a key per sample cost all three per sample and
 * a delete per pruned sample (a fifth of the monitor's thread in the 2026-12-07 profile).
 *
 * <p>Changed on the task's thread only, by {@link PlanSamples}, which puts an open chunk once and any other chunk again
 * after every change; the write-behind store above the sample store writes it at the commit and then
 * {@link #writtenBack() tells it so}, after which new samples go to a new chunk.
 */
final class SampleChunk implements WriteBehindStore.WrittenBack {

    private final List<Sample> samples;
    private boolean written;

    private SampleChunk(List<Sample> samples, boolean written) {
        this.samples = samples;
        this.written = written;
    }

    /** A chunk new samples are added to until it is written. */
    static SampleChunk open() {
        return new SampleChunk(new ArrayList<>(), false);
    }

    /** A chunk as the store holds it. */
    static SampleChunk stored(List<Sample> samples) {
        return new SampleChunk(new ArrayList<>(samples), true);
    }

    List<Sample> samples() {
        return Collections.unmodifiableList(samples);
    }

    boolean written() {
        return written;
    }

    boolean isEmpty() {
        return samples.isEmpty();
    }

    void add(Sample s) {
        samples.add(s);
    }

    /** Removes this very sample (not an equal one). */
    void remove(Sample s) {
        for (int i = samples.size() - 1; i >= 0; i--) {
            if (samples.get(i) == s) {
                samples.remove(i);
                return;
            }
        }
    }

    @Override
    public void writtenBack() {
        written = true;
    }
}
