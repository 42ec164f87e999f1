import { describe, expect, it } from 'vitest';
import type { Camera } from '@shared/domain/camera';
import { departmentTree, favouriteNodes, groupNodes, matchesCamera } from '@shared/video/camera-tree';

const cam = (id: string, name: string, department: Camera['department'], region: string, address = ''): Camera => ({
  id,
  name,
  department,
  region,
  gridId: null,
  lon: 112,
  lat: 27.7,
  address,
  status: 'online',
  ptz: false,
  streams: { main: [], sub: [] },
});

const cams = [
  cam('43130201310000010000', '城管-乐坪大道路口-01', 'cm', '娄星区', '娄底市娄星区乐坪大道'),
  cam('43130201310000020000', '城管-涟滨路桥头-02', 'cm', '涟源市', '娄底市涟源市涟滨路'),
  cam('43130201320000030000', '水利-孙水河泵站-03', 'water', '娄星区', '娄底市娄星区孙水河'),
];

describe('the camera tree', () => {
  it('groups cameras by department then region, in the centre’s department order, with counts', () => {
    const tree = departmentTree(cams, (d) => d);
    expect(tree.map((d) => d.label)).toEqual(['cm (2)', 'water (1)']);
    expect(tree[0]!.children!.map((r) => r.label)).toEqual(['涟源市 (1)', '娄星区 (1)']);
    expect(tree[0]!.cameraIds).toHaveLength(2);
    expect(tree[0]!.children![1]!.children![0]!.camera!.id).toBe('43130201310000010000');
  });

  it('searches by name, id or address, case-insensitively', () => {
    expect(matchesCamera(cams[0]!, '乐坪')).toBe(true);
    expect(matchesCamera(cams[0]!, '0000010000')).toBe(true);
    expect(matchesCamera(cams[1]!, '涟源市涟滨')).toBe(true);
    expect(matchesCamera(cam('Door-A', 'x', 'cm', ''), 'door-a')).toBe(true);
    expect(departmentTree(cams, (d) => d, '孙水河').flatMap((d) => d.cameraIds)).toEqual(['43130201320000030000']);
    expect(departmentTree(cams, (d) => d, 'nothing')).toEqual([]);
  });

  it('lists favourites and groups, skipping cameras no longer in the catalog', () => {
    const byId = new Map(cams.map((c) => [c.id, c] as const));
    expect(favouriteNodes(['gone', cams[2]!.id], byId).map((n) => n.key)).toEqual([cams[2]!.id]);
    const [g] = groupNodes([{ id: 7, name: '防汛', cameraIds: [cams[2]!.id, 'gone'], updatedAt: 0 }], byId);
    expect(g).toMatchObject({ key: 'g:7', groupId: 7, label: '防汛 (2)' });
    expect(g!.children!.map((c) => c.key)).toEqual([`g:7:${cams[2]!.id}`]);
  });
});
