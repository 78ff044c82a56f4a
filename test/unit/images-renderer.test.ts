// The render worker: the same PNG as drawing in-process, jobs in parallel, a failed job reported
// without harming the next one, and a fresh worker after close.
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createImageRenderer } from '../../src/images/renderer';
import { renderPng, type RenderJob } from '../../src/images/render-job';
import { summaryPictures } from '../../src/images/summary-picture';
import { foundingSummary, LABEL } from '../helpers/founding';

const renderer = createImageRenderer();
afterAll(() => renderer.close());



describe('image renderer (worker thread)', () => {
  it('draws in the worker what the in-process drawing draws', async () => {
    const p = summaryPictures(foundingSummary(true), LABEL);
    const jobs: RenderJob[] = [
      { kind: 'map', spec: p.map },
      { kind: 'chart', spec: p.chart },
    ];
    const pngs = await Promise.all(jobs.map((j) => renderer.render(j)));
    pngs.forEach((png, i) => expect(png.equals(renderPng(jobs[i]!))).toBe(true));
  });

  it('reports a job that cannot be drawn, and draws the next one', async () => {
    const bad = { kind: 'map', spec: { title: 't', fills: {}, otherStates: { colour: '#ccc' }, legend: null } } as unknown as RenderJob;
    await expect(renderer.render(bad)).rejects.toThrow(/image rendering failed/);
    const p = summaryPictures(foundingSummary(false), LABEL);
    expect((await renderer.render({ kind: 'chart', spec: p.chart })).subarray(1, 4).toString()).toBe('PNG');
  });

  it('stops its worker after a while without work, and starts another for the next job', async () => {
    const r = createImageRenderer({ idleMs: 50 });
    const p = summaryPictures(foundingSummary(false), LABEL);
    expect(r.running).toBe(false);
    await r.render({ kind: 'chart', spec: p.chart });
    expect(r.running).toBe(true);
    await vi.waitFor(() => expect(r.running).toBe(false), { timeout: 10_000, interval: 20 });
    await expect(r.render({ kind: 'chart', spec: p.chart })).resolves.toBeInstanceOf(Buffer);
    await r.close();
  });

  it('starts a new worker after close', async () => {
    const r = createImageRenderer();
    const p = summaryPictures(foundingSummary(false), LABEL);
    await r.render({ kind: 'chart', spec: p.chart });
    await r.close();
    await expect(r.render({ kind: 'chart', spec: p.chart })).resolves.toBeInstanceOf(Buffer);
    await r.close();
  });
});
