"""Figures of docs/results/composite.md that the runner does not print, read back from a run folder.

usage: /usr/bin/python3 docs/results/composite/inspect_run.py runs/composite

- per-class test accuracy of predictions.csv against the held-back labels in dataset/labels.csv;
- first-layer filters: with gray inputs (R = G = B) only a filter's channel sum acts on the image, so the share of
  its energy in the channel mean and the neighbour correlation of the summed and the per-channel-deviation parts
  tell trained structure from untouched initial noise;
- class profiles of the conv1 and conv5 activation norms, from activation_norms.csv (the bar charts' numbers).
"""
import collections
import csv
import json
import os
import struct
import sys

import numpy as np


def load_safetensors(path):
    blob = open(path, 'rb').read()
    header_size = struct.unpack('<Q', blob[:8])[0]
    header = json.loads(blob[8:8 + header_size])
    data = blob[8 + header_size:]
    tensors = {}
    for name, entry in header.items():
        if name != '__metadata__' and entry['dtype'] == 'F32':
            start, end = entry['data_offsets']
            tensors[name] = np.frombuffer(data[start:end], dtype=np.float32).reshape(entry['shape'])
    return tensors


def neighbour_correlation(filters):
    return np.corrcoef(filters[..., 1:].ravel(), filters[..., :-1].ravel())[0, 1]


def main(run):
    labels = {row['file'].split('/')[-1]: int(row['label'])
              for row in csv.DictReader(open(os.path.join(run, 'dataset', 'labels.csv'))) if row['split'] == 'test'}
    total, right = collections.Counter(), collections.Counter()
    for row in csv.DictReader(open(os.path.join(run, 'predictions.csv'))):
        label = labels[row['file']]
        total[label] += 1
        right[label] += int(row['class'].split('_')[0]) == label
    print(f"test accuracy from predictions.csv: {sum(right.values()) / sum(total.values()):.2%}")
    print("per class: " + ", ".join(f"{c}: {right[c] / total[c]:.1%}" for c in sorted(total)))

    for model in ('naive', 'robust'):
        weights = load_safetensors(os.path.join(run, 'stages', model, 'checkpoints', 'best.safetensors'))
        conv1 = next(w for w in weights.values() if w.ndim == 4 and w.shape[1] == 3)
        mean = conv1.mean(axis=1, keepdims=True)
        share = 3 * (mean ** 2).sum() / (conv1 ** 2).sum()
        print(f"{model} conv1: channel-mean share of filter energy {share:.2f} (1/3 expected at random); neighbour "
              f"correlation summed {neighbour_correlation(conv1.sum(axis=1)):.2f}, deviations {neighbour_correlation(conv1 - mean):.2f}")

        for layer in ('conv1', 'conv5'):
            norms = collections.defaultdict(dict)
            for row in csv.DictReader(open(os.path.join(run, 'activation_norms.csv'))):
                if row['model'] == model and row['layer'] == layer:
                    norms[int(row['filter'])][row['class'].split('_', 1)[-1]] = float(row['mean_norm'])
            classes = list(norms[0])
            table = np.array([[norms[f][c] for c in classes] for f in sorted(norms)])
            peaks = collections.Counter(classes[i] for i in table.argmax(axis=1))
            print(f"{model} {layer}: median max/min class ratio of a filter's norm {np.median(table.max(1) / table.min(1)):.2f}; "
                  f"filters peaking on each class: " + ", ".join(f"{c} {peaks[c]}" for c in classes))


if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else 'runs/composite')
