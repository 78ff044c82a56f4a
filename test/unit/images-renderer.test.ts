// The renderer and its real render processes: the same PNG as drawing in-process, a failed job
// reported without harming the next one, processes replaced after N pictures or past an RSS bound
// by a spare that is already warm, a process killed or hung with a picture in hand replaced (the
// picture fails, the next one is drawn), the lowest CPU priority on every thread, idle stop, and
// a close that waits for every process.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createImageRenderer, type ImageRenderer } from '../../src/images/renderer';
import { renderPng, type RenderJob } from '../../src/images/render-job';
import { summaryPictures } from '../../src/images/summary-picture';
import { foundingSummary, LABEL } from '../helpers/founding';
import { projectRoot, tsxCommand } from '../helpers/node-process';

const renderer = createImageRenderer();
const opened: ImageRenderer[] = [renderer];
afterAll(() => Promise.all(opened.map((r) => r.close())));
const make = (...args: Parameters<typeof createImageRenderer>) => {
  const r = createImageRenderer(...args);
  opened.push(r);
  return r;
};

const chart: RenderJob = { kind: 'chart', spec: summaryPictures(foundingSummary(false), LABEL).chart };
/** Whether a process runs (a zombie, exited but not yet reaped, does not). */
const alive = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};
const current = (r: ImageRenderer) => r.processes().find((p) => p.role === 'current');
/** The nice value of each thread of a process (field 19 of /proc/<pid>/task/<tid>/stat). */
const niceOfThreads = (pid: number) =>
  readdirSync(`/proc/${pid}/task`).map((tid) => Number(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')[16]));

describe('image renderer (child processes)', () => {
  it('draws in a render process what the in-process drawing draws, in a process other than this one', async () => {
    const p = summaryPictures(foundingSummary(true), LABEL);
    const jobs: RenderJob[] = [
      { kind: 'map', spec: p.map },
      { kind: 'chart', spec: p.chart },
    ];
    const pngs = await Promise.all(jobs.map((j) => renderer.render(j)));
    pngs.forEach((png, i) => expect(png.equals(renderPng(jobs[i]!))).toBe(true));
    const [proc] = renderer.processes();
    expect(proc!.pid).not.toBe(process.pid);
    expect(proc!.pictures).toBe(2);
  });

  it('runs every thread of a render process at the lowest CPU priority', async () => {
    await renderer.render(chart);
    const pid = current(renderer)!.pid;
    const nice = niceOfThreads(pid);
    expect(nice.length).toBeGreaterThan(1);
    expect(new Set(nice)).toEqual(new Set([19]));
  });

  it('reports a job that cannot be drawn, and draws the next one', async () => {
    const bad = { kind: 'map', spec: { title: 't', fills: {}, otherStates: { colour: '#ccc' }, legend: null } } as unknown as RenderJob;
    await expect(renderer.render(bad)).rejects.toThrow(/image rendering failed/);
    expect((await renderer.render(chart)).subarray(1, 4).toString()).toBe('PNG');
  });

  it('replaces a process after N pictures by a spare started ahead, so that no picture waits for a start', async () => {
    const r = make({ maxPictures: 3 });
    const byPid = new Map<number, number>();
    for (let i = 0; i < 12; i++) {
      await r.render(chart);
      const pid = current(r)!.pid;
      byPid.set(pid, (byPid.get(pid) ?? 0) + 1);
      // Give the spare time to warm up, as the gaps between commands do.
      if (r.processes().some((p) => p.role === 'spare')) await vi.waitFor(() => expect(r.processes().find((p) => p.role === 'spare')?.ready ?? true).toBe(true), { timeout: 20_000, interval: 10 });
    }
    expect([...byPid.values()]).toEqual([3, 3, 3, 3]);
    expect(r.stats()).toMatchObject({ coldStarts: 1, replaced: 3, failed: 0 });
    // The replaced ones exit; at most the one drawing and its spare are left.
    const retired = [...byPid.keys()].slice(0, -1);
    await vi.waitFor(() => expect(retired.filter(alive)).toEqual([]), { timeout: 10_000, interval: 20 });
    expect(r.processes().length).toBeLessThanOrEqual(2);
  });

  it('keeps drawing with a worn process while its spare is still warming, rather than making a picture wait', async () => {
    const r = make({ maxPictures: 2 });
    const pictures = await Promise.all(Array.from({ length: 8 }, () => r.render(chart)));
    expect(pictures.every((png) => png.subarray(1, 4).toString() === 'PNG')).toBe(true);
    expect(r.stats().coldStarts).toBe(1);
  });

  it('replaces a process whose memory passed the bound', async () => {
    const r = make({ maxRssMb: 1 });
    await r.render(chart);
    const first = current(r)!.pid;
    await vi.waitFor(() => expect(r.processes().find((p) => p.role === 'spare')?.ready).toBe(true), { timeout: 20_000, interval: 10 });
    await r.render(chart);
    expect(current(r)!.pid).not.toBe(first);
    expect(r.stats()).toMatchObject({ coldStarts: 1, replaced: 1 });
  });

  it('a process killed with a picture in hand: that picture fails, the process is replaced, the next picture is drawn', async () => {
    const r = make();
    await r.render(chart);
    const pid = current(r)!.pid;
    // Stopped first, so the picture is surely in its hands when it is killed.
    process.kill(pid, 'SIGSTOP');
    const pending = r.render(chart);
    await vi.waitFor(() => expect(current(r)?.pictures).toBe(2), { interval: 5 });
    process.kill(pid, 'SIGKILL');
    await expect(pending).rejects.toThrow(/image renderer stopped \(SIGKILL\)/);
    // Replaced at once, before any picture asks for it: the next one finds it warm.
    await vi.waitFor(() => expect(r.processes()).toMatchObject([{ ready: true }]), { timeout: 20_000, interval: 10 });
    expect(r.processes()[0]!.pid).not.toBe(pid);
    await expect(r.render(chart)).resolves.toBeInstanceOf(Buffer);
    expect(r.stats()).toMatchObject({ failed: 1, started: 2, coldStarts: 1 });
  });

  it('a hung process: the picture fails after the timeout, the process is killed and replaced', async () => {
    const r = make({ timeoutMs: 1_500 });
    await r.render(chart);
    const pid = current(r)!.pid;
    process.kill(pid, 'SIGSTOP');
    const started = performance.now();
    await expect(r.render(chart)).rejects.toThrow(/took more than 1500 ms/);
    expect(performance.now() - started).toBeGreaterThanOrEqual(1_400);
    await vi.waitFor(() => expect(alive(pid)).toBe(false), { timeout: 5_000, interval: 20 });
    await expect(r.render(chart)).resolves.toBeInstanceOf(Buffer);
    expect(r.stats().failed).toBe(1);
  });

  it('stops its processes after a while without work, and starts another for the next job', async () => {
    const r = make({ idleMs: 50 });
    expect(r.running).toBe(false);
    await r.render(chart);
    expect(r.running).toBe(true);
    const pid = current(r)!.pid;
    await vi.waitFor(() => expect(r.running).toBe(false), { timeout: 10_000, interval: 20 });
    expect(alive(pid)).toBe(false);
    await expect(r.render(chart)).resolves.toBeInstanceOf(Buffer);
  });

  it('close() keeps the process alive until every render process is gone, a spare still starting included', async () => {
    // Alone in a process: there, an unheld event loop would end before close() settles.
    const [node, args] = tsxCommand('test/helpers/renderer-close.ts');
    const { stdout } = await promisify(execFile)(node, args, { cwd: projectRoot });
    expect(stdout.trim()).toBe('closed 0');
  });

  it('starts a new process after close', async () => {
    const r = make();
    await r.render(chart);
    const pid = current(r)!.pid;
    await r.close();
    expect(alive(pid)).toBe(false);
    await expect(r.render(chart)).resolves.toBeInstanceOf(Buffer);
  });
});
