import type { OperationHandlers } from '@shared/contract';
import { DEFAULT_VIDEO_PREFS } from '@shared/video/schemas';
import type { VideoOperation } from '../../../src-main/video/video-service';

const state = () => ({ favourites: [], groups: [], layouts: [], panels: { console: null, wall: null }, prefs: DEFAULT_VIDEO_PREFS });

/** Do-nothing video handlers, for tests of hosts that need a complete handler table. */
export function videoHandlerStubs(): Omit<Pick<OperationHandlers, VideoOperation>, 'listCameras'> {
  return {
    nearestCameras: () => [],
    getVideoState: state,
    setFavourite: state,
    saveCameraGroup: state,
    deleteCameraGroup: state,
    saveVideoLayout: state,
    deleteVideoLayout: state,
    setPanelLayout: state,
    setVideoPrefs: state,
    openVideoWall: () => ({ opened: false }),
    attachSnapshot: () => {
      throw new Error('unused');
    },
    listAttachments: () => [],
  };
}
