import { EventEmitter } from 'node:events';
import { platform } from 'node:os';
import type { EventName } from '@shared/channels';
import type { OperationHandlers, PayloadOf, Settings } from '@shared/contract';
import { OperationError } from '@shared/dispatch';
import type { Db } from '../store/database';
import { IncidentStore } from '../store/incident-store';
import { SettingsStore } from '../store/settings-store';
import { FeedIngest } from '../feeds/feed-ingest';
import { FeedHub, SIMULATOR_GRID_FEED, simulatorFeeds } from '../feeds/feed-hub';
import { ChangeBatcher } from './change-batcher';
import { incidentRaisesAlert } from '@shared/domain/alerting';
import { readFeedsConfig } from '../feeds/feeds-config';
import { SimulatorProcess, type SimulatorLauncher } from './simulator-process';
import { CaseService, simulatorCaseActionsUrl } from '../cases/case-service';
import { AnalysisImportService } from '../import/import-service';
import { CategoryClassifier, loadCategoryMap, useFeedCategoryMap } from '../import/category-mapping';
import { HttpCaseBackend } from '../cases/case-backend';
import { openCheckedDatabase } from '../store/integrity';
import { dismissCacheRecovery, readCacheRecovery } from '../store/cache-recovery';
import { WorkerIndexer, type WorkerEntry } from '../store/search-index';
import { SituationMapService } from '../map/situation-map-service';
import { VideoService } from '../video/video-service';
import { SignalService } from '../detect/signal-service';
import { DispatchService } from '../cases/dispatch-service';
import { RuleService } from '../rules/rule-service';
import { ConferenceService } from '../conference/conference-service';
import { FileSecretStore, resolveSecretRefs, type SecretStore } from './secret-store';
import { BriefingService } from '../briefing/briefing-service';
import { ConsultationService } from '../consultation/consultation-service';

export interface ConsoleCoreOptions {
  /** Directory for the SQLite database and settings. Created if missing. */
  dataDir: string;
  /** Which shell hosts the renderer. */
  shell: 'electron' | 'browser';
  appVersion: string;
  /**
   * Built-in simulator: the path of the built simulator program (out/main/simulator.js) to fork,
   * or false to start without it. Ignored when the data directory has a feeds.json.
   */
  simulator:
    | { entry: string; seed?: number; ratePerMinute?: number; historyHours?: number; mqttUrl?: string; surge?: boolean; launch?: SimulatorLauncher }
    | false;
  /**
   * The full-text indexer thread (out/main/search-worker.js): ingest and indexing then use two
   * cores. Without it the index is brought up to date before each search, on the caller's thread.
   */
  searchWorker?: WorkerEntry;
  /** The signal thread (out/main/signal-worker.js); without it detection runs on the main thread. */
  signalWorker?: WorkerEntry;
  /**
   * Where secrets are kept (Tianditu token, `{secret:NAME}` in feeds.json and video.json): the
   * owner-only file by default; the Electron app passes its safeStorage store.
   */
  secretStore?: (db: Db) => SecretStore;
  log?: (line: string) => void;
}

export const APP_NAME = '娄底市应急联动指挥中心';

/**
 * Everything behind the contract, free of Electron: the store, the feeds, the simulator process,
 * and the handlers both hosts call. Events go out batched.
 */
export class ConsoleCore {
  readonly handlers: OperationHandlers;
  private readonly emitter = new EventEmitter();
  private readonly batcher: ChangeBatcher;
  private readonly ingest: FeedIngest;
  private readonly hub: FeedHub;
  private simulator?: SimulatorProcess;
  private feedsTimer?: NodeJS.Timeout;
  private stopped = false;
  /** Case work: actions, outbox, case clock, search and aggregations. */
  readonly cases: CaseService;
  /** Analysis queries and file imports with progress. */
  readonly analysis: AnalysisImportService;
  private readonly situationMap: SituationMapService;
  readonly video: VideoService;
  /** Tianditu token, feed and gateway credentials (see SecretStore). */
  readonly secrets: SecretStore;
  /** Detection signals, recomputed on their thread as data arrives. */
  readonly signals: SignalService;
  /** Recommended resources at dispatch and vehicle assignments. */
  readonly dispatch: DispatchService;
  /** Escalation rules, evaluated as incidents arrive. */
  readonly rules: RuleService;
  /** Consultation conferences on Janus (conference.json). */
  readonly conference: ConferenceService;
  /** The briefing (值班快报, 会商纪要): its data, and its PDF once the host gives it a printer. */
  readonly briefing: BriefingService;
  /** Consultations (会商): sessions, the embedded collaboration server, decisions, archives. */
  readonly consultations: ConsultationService;

  private constructor(
    private readonly o: ConsoleCoreOptions,
    private readonly db: Db,
    readonly incidents: IncidentStore,
    private readonly settings: SettingsStore,
    private readonly startedAt: number,
  ) {
    this.emitter.setMaxListeners(100);
    this.signals = new SignalService({
      db,
      dataDir: o.dataDir,
      worker: o.signalWorker,
      actor: () => settings.get().operatorName,
      changed: (state) => this.emit('signalsChanged', state),
      openCase: (signal, reason) => this.cases.openFromSignal(signal, reason).id,
      log: o.log,
    });
    this.rules = new RuleService({
      db,
      actor: () => settings.get().operatorName,
      changed: (state) => this.emit('rulesChanged', state),
      fired: (firing) => this.emit('ruleFired', firing),
      log: o.log,
    });
    this.batcher = new ChangeBatcher(
      (delta) => {
        this.emit('incidentsChanged', delta);
        if (delta.upserted.length) {
          this.signals.dataArrived();
          this.rules.incidentsArrived(delta.upserted);
          this.dispatch.casesChanged(delta.upserted);
        }
      },
      () => incidents.count(),
      undefined,
      // A new incident that raises an alert on the consoles goes out at once: its sound must not wait.
      (i) => incidentRaisesAlert(i, settings.get().alertLevel, Date.now()),
    );
    this.ingest = new FeedIngest(db, incidents, {
      incidents: (changed) => this.batcher.add(changed),
      alerts: (inForce) => this.emit('alertsChanged', inForce),
      vehicles: (positions) => this.emit('vehiclesChanged', { positions }),
      status: () => this.feedsChangedSoon(),
    });
    this.hub = new FeedHub(this.ingest, o.log);
    this.cases = new CaseService({
      db,
      incidents,
      settings: () => settings.get(),
      changed: (changed) => this.batcher.add(changed),
      escalated: (payload) => this.emit('casesEscalated', payload),
      acknowledged: (entry) => this.emit('alertAcknowledged', entry),
      outboxChanged: (payload) => this.emit('outboxChanged', payload),
      log: o.log,
    });
    this.dispatch = new DispatchService({
      db,
      incidents,
      cases: this.cases,
      vehicles: () => this.ingest.vehicles.all(),
      settings: () => settings.get(),
      changed: (payload) => this.emit('assignmentsChanged', payload),
      incidentsChanged: (changed) => this.batcher.add(changed),
    });
    this.secrets = o.secretStore?.(db) ?? new FileSecretStore(o.dataDir, o.log);
    this.situationMap = new SituationMapService(db, (view) => this.emit('mapSettingsChanged', view), { dataDir: o.dataDir, secrets: this.secrets });
    this.video = new VideoService({ db, dataDir: o.dataDir, changed: (state) => this.emit('videoChanged', state), log: o.log, secrets: this.secrets });
    this.conference = new ConferenceService({
      dataDir: o.dataDir,
      secrets: this.secrets,
      changed: (state) => this.emit('conferenceChanged', state),
      hasCamera: (id) => this.video.catalog.some((c) => c.id === id),
      // Only the consultation's host records it; a conference without a session has no owner.
      recordingRefused: (id) => {
        const host = this.consultations.hostOf(id);
        const me = settings.get().operatorName;
        return host === undefined || host === me ? null : `only the session's host (${host}) starts or stops its recording`;
      },
      log: o.log,
    });
    this.briefing = new BriefingService({
      db,
      incidents,
      signals: () => this.signals.state(),
      operator: () => settings.get().operatorName,
    });
    this.analysis = new AnalysisImportService(db, this.ingest, o.dataDir, (p) => this.emit('importProgress', p));
    this.consultations = new ConsultationService({ db, dataDir: o.dataDir, cases: this.cases, settings: () => settings.get(), log: o.log });
    // A session's briefing (会商纪要) reads the session's summary and is kept for its archive.
    this.briefing.useSessions(
      (id) => this.consultations.summary(id),
      (id, pdf) => this.consultations.keepBriefing(id, pdf),
    );
    this.handlers = {
      appInfo: () => ({
        name: APP_NAME,
        version: o.appVersion,
        shell: o.shell,
        dataDir: o.dataDir,
        startedAt,
        platform: platform(),
      }),
      queryIncidents: (q) => incidents.query(q, q.limit, q.offset),
      getIncident: ({ id }) => {
        const found = incidents.get(id);
        if (!found) throw new OperationError('NOT_FOUND', `no incident ${id}`);
        return found;
      },
      feedStatus: () => this.hub.statuses(),
      getSettings: () => settings.get(),
      setSettings: (patch) => this.applySettings(patch),
      ...this.cases.handlers,
      ...this.situationMap.handlers(),
      ...this.video.handlers,
      listAlerts: () => this.ingest.inForce(),
      openCaseFromAlert: ({ sender, identifier }) => {
        const alert = this.ingest.alertStore.find(sender, identifier);
        if (!alert) throw new OperationError('NOT_FOUND', `no CAP alert ${sender},${identifier}`);
        return this.cases.openFromAlert(alert);
      },
      listVehicles: () => this.ingest.vehicles.all(),
      reconnectFeed: ({ id }) => this.hub.reconnect(id),
      listQuarantine: ({ feedId, limit }) => this.ingest.quarantine.list(feedId, limit),
      // The console host answers this itself; the desktop window has no sessions to end.
      logOutAllScreens: () => ({ sessions: 0 }),
      cacheRecovery: () => readCacheRecovery(o.dataDir),
      dismissCacheRecovery: () => {
        dismissCacheRecovery(o.dataDir);
        o.log?.('the damaged-cache notice was dismissed by an operator');
        this.emit('cacheRecoveryChanged', null);
        return null;
      },
      ...this.analysis.handlers,
      ...this.signals.handlers,
      ...this.dispatch.handlers,
      ...this.rules.handlers,
      ...this.conference.handlers,
      ...this.briefing.handlers,
      ...this.consultations.handlers,
    };
  }

  static async start(options: ConsoleCoreOptions): Promise<ConsoleCore> {
    // With the indexer thread, the index file is checked there, in the background.
    const { db } = openCheckedDatabase(options.dataDir, options.log, { checkSearch: !options.searchWorker });
    const indexer = options.searchWorker ? new WorkerIndexer(db, options.dataDir, options.searchWorker, options.log) : undefined;
    const core = new ConsoleCore(options, db, new IncidentStore(db, indexer), new SettingsStore(db), Date.now());
    try {
      useFeedCategoryMap(loadCategoryMap(options.dataDir));
    } catch (err) {
      // A broken mapping file must not stop the console: the categories' own names still apply.
      options.log?.(`${(err as Error).message}; feeds classify by category names only`);
      useFeedCategoryMap(new CategoryClassifier());
    }
    try {
      core.cases.configureBackends(options.dataDir);
      await core.secrets.importPlaintext?.().catch((err: Error) => options.log?.(`secrets: ${err.message}`));
      await core.situationMap.moveTokenToSecretStore().catch((err: Error) => options.log?.(`secrets: ${err.message}`));
      await core.video.start();
      await core.conference.start();
      await core.startFeeds();
      core.cases.start();
      core.signals.start();
    } catch (err) {
      await core.stop();
      throw err;
    }
    return core;
  }

  on<E extends EventName>(event: E, listener: (payload: PayloadOf<E>) => void): () => void {
    this.emitter.on(event, listener as (p: unknown) => void);
    return () => this.emitter.off(event, listener as (p: unknown) => void);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.feedsTimer);
    this.cases.stop();
    this.analysis.stop();
    await this.consultations.stop();
    await this.signals.stop();
    await this.hub.stop();
    this.ingest.dispose();
    this.batcher.flush();
    this.batcher.dispose();
    await this.simulator?.stop();
    await this.situationMap.close();
    await this.video.stop();
    this.conference.stop();
    await this.incidents.indexer.close();
    this.emitter.removeAllListeners();
    this.db.close();
  }

  private emit<E extends EventName>(event: E, payload: PayloadOf<E>): void {
    this.emitter.emit(event, payload);
  }

  /** Feed health is pushed at most every 500 ms. */
  private feedsChangedSoon(): void {
    if (this.feedsTimer || this.stopped) return;
    this.feedsTimer = setTimeout(() => {
      this.feedsTimer = undefined;
      this.emit('feedsChanged', this.hub.statuses());
    }, 500);
  }

  private async startFeeds(): Promise<void> {
    const log = this.o.log ?? (() => {});
    const plain = readFeedsConfig(this.o.dataDir);
    const configured = plain && (await resolveSecretRefs(plain, this.secrets, 'feeds.json'));
    if (configured) {
      this.hub.start(configured);
    } else if (this.o.simulator) {
      const sim = this.o.simulator;
      this.simulator = new SimulatorProcess({
        entry: sim.entry,
        seed: sim.seed,
        ratePerMinute: sim.ratePerMinute ?? this.settings.get().simulatorRatePerMinute,
        historyHours: sim.historyHours,
        historySince: this.incidents.latestReportedAt(SIMULATOR_GRID_FEED),
        mqttUrl: sim.mqttUrl,
        surge: sim.surge,
        launch: sim.launch,
        log,
      });
      const url = await this.simulator.start();
      log(`simulator listening at ${url}`);
      this.cases.setBackend(SIMULATOR_GRID_FEED, new HttpCaseBackend(simulatorCaseActionsUrl(url)));
      this.hub.start(simulatorFeeds(this.simulator.endpoints(url)));
    }
  }

  private applySettings(patch: Partial<Settings>): Settings {
    const next = this.settings.set(patch);
    if (patch.simulatorRatePerMinute !== undefined) this.simulator?.setRate(next.simulatorRatePerMinute);
    this.emit('settingsChanged', next);
    return next;
  }
}
