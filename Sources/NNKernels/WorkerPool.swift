#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A small persistent pool of threads that share out the blocks of one large job.
///
/// `run(blocks:_:)` hands blocks 0..<n to the calling thread and the pool's workers, each
/// taking the next block not yet taken, and returns when all are done. The workers are made
/// once (on the first job that needs them) and sleep on a condition variable between jobs, so
/// a job costs a wake-up, not a thread. The caller works too: if the workers are slow to wake
/// (a busy machine), it simply takes more blocks itself.
///
/// One job runs at a time. A job started while another runs (from another thread, or from
/// inside a block) runs on its caller alone — the same blocks, the same results.
public final class WorkerPool: @unchecked Sendable {
    /// The pool the kernels use: `NNLAB_THREADS` threads if set (1 forces one core), else one
    /// per processor (at most 8), the caller included. Unless `NNLAB_THREADS` is set, it stands
    /// aside while the machine is busier than its processors (see `yieldsToLoad`).
    public static let shared = WorkerPool(threads: WorkerPool.configuredThreads(),
                                          yieldsToLoad: getenv("NNLAB_THREADS") == nil)

    /// Threads working on a job, the caller included.
    public let threads: Int
    /// Whether jobs run on the caller alone while the load average says other programs hold
    /// every processor: a worker then waits its turn for one, and the caller waits for the
    /// worker (on a shared two-core machine at a load of 5–9, sharing made workload (c) 10–15 %
    /// slower). The load is read at most every quarter second.
    public let yieldsToLoad: Bool
    private var busyMachine = false
    private var loadReadAt = -1.0

    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let wake = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let finished = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    // Everything below is read and written under `mutex`.
    private var body: ((Int) -> Void)?
    private var blockCount = 0
    private var nextBlock = 0
    private var blocksDone = 0
    private var generation = 0
    private var busy = false
    private var started = false
    private var jobsShared = 0

    /// Makes a pool of `threads` threads, the caller included (1 runs every job on its caller).
    public init(threads: Int, yieldsToLoad: Bool = false) {
        self.threads = max(1, threads)
        self.yieldsToLoad = yieldsToLoad
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(wake, nil)
        pthread_cond_init(finished, nil)
    }

    /// Jobs so far that were offered to the workers (not run on the caller alone).
    public var sharedJobs: Int {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return jobsShared
    }

    /// Runs `body` on every block in 0..<`blocks`, spread over the pool's threads; returns when
    /// all blocks are done. Blocks must be independent of one another.
    public func run(blocks: Int, _ body: (Int) -> Void) {
        guard blocks > 1, threads > 1 else {
            for i in 0..<max(blocks, 0) { body(i) }
            return
        }
        withoutActuallyEscaping(body) { body in
            pthread_mutex_lock(mutex)
            if busy || (yieldsToLoad && machineIsBusy()) {
                pthread_mutex_unlock(mutex)
                for i in 0..<blocks { body(i) }
                return
            }
            if !started { startWorkers() }
            busy = true
            self.body = body
            blockCount = blocks
            nextBlock = 0
            blocksDone = 0
            generation &+= 1
            jobsShared += 1
            pthread_cond_broadcast(wake)
            work(body)
            waitForOtherBlocks()
            self.body = nil
            busy = false
            pthread_mutex_unlock(mutex)
        }
    }

    /// Takes blocks of the current job until none is left; called and returns with `mutex` held.
    private func work(_ body: (Int) -> Void) {
        while nextBlock < blockCount {
            let i = nextBlock
            nextBlock += 1
            pthread_mutex_unlock(mutex)
            body(i)
            pthread_mutex_lock(mutex)
            blocksDone += 1
        }
        if blocksDone == blockCount { pthread_cond_signal(finished) }
    }

    /// Waits, with `mutex` held, until the workers have finished the blocks they took: a
    /// block runs for tens of microseconds, about as long as a sleeping thread takes to be
    /// woken, so the caller first watches for `spinSeconds`, and sleeps only after that.
    private func waitForOtherBlocks() {
        guard blocksDone < blockCount else { return }
        let deadline = Self.now() + Self.spinSeconds
        while blocksDone < blockCount && Self.now() < deadline {
            pthread_mutex_unlock(mutex)
            sched_yield()
            pthread_mutex_lock(mutex)
        }
        while blocksDone < blockCount { pthread_cond_wait(finished, mutex) }
    }

    /// A worker's life: wait for a new job, join it, repeat. After a job the worker watches
    /// for the next one for `spinSeconds` (yielding the processor between looks) before it
    /// sleeps: a training step's large products come a few microseconds apart, and waking a
    /// sleeping thread takes longer than that.
    private func workerLoop() {
        pthread_mutex_lock(mutex)
        var seen = generation
        while true {
            if generation == seen || body == nil {
                pthread_mutex_unlock(mutex)
                let deadline = Self.now() + Self.spinSeconds
                var found = false
                while !found && Self.now() < deadline {
                    sched_yield()
                    guard pthread_mutex_trylock(mutex) == 0 else { continue }
                    found = generation != seen && body != nil
                    if !found { pthread_mutex_unlock(mutex) }
                }
                if !found {
                    pthread_mutex_lock(mutex)
                    while generation == seen || body == nil { pthread_cond_wait(wake, mutex) }
                }
            }
            seen = generation
            if let body { work(body) }
        }
    }

    /// Whether the 1-minute load average, less the pool's own threads but the caller, is at
    /// least the number of processors (read again
    /// when a quarter second has passed; called with `mutex` held).
    private func machineIsBusy() -> Bool {
        let now = Self.now()
        if now - loadReadAt >= 0.25 {
            loadReadAt = now
            var load = [0.0]
            let processors = Double(max(Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))), 1))
            // The pool's own threads count in the load (a worker watching for jobs is running):
            // the other programs hold every core when the load is past ours on top of theirs.
            busyMachine = getloadavg(&load, 1) == 1 && load[0] >= processors + Double(threads - 1)
        }
        return busyMachine
    }

    /// How long a worker watches for the next job before it sleeps.
    static let spinSeconds = 0.000_5

    /// Seconds on the monotonic clock.
    private static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }

    /// Starts the workers (once; called with `mutex` held).
    private func startWorkers() {
        started = true
        for _ in 1..<threads {
            var thread = pthread_t()
            let context = Unmanaged.passRetained(self).toOpaque()
            #if canImport(Darwin)
            var created: pthread_t?
            let status = pthread_create(&created, nil, { context in
                Unmanaged<WorkerPool>.fromOpaque(context).takeUnretainedValue().workerLoop()
                return nil
            }, context)
            if let created { thread = created }
            #else
            let status = pthread_create(&thread, nil, { context in
                Unmanaged<WorkerPool>.fromOpaque(context!).takeUnretainedValue().workerLoop()
                return nil
            }, context)
            #endif
            if status == 0 { pthread_detach(thread) }
        }
    }

    /// The thread count from `NNLAB_THREADS`, else the number of processors online (1 to 8).
    static func configuredThreads() -> Int {
        if let text = getenv("NNLAB_THREADS").map({ String(cString: $0) }), let n = Int(text), n >= 1 {
            return min(n, 64)
        }
        return min(max(Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))), 1), 8)
    }
}
