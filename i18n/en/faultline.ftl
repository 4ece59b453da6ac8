# faultline's words in English: the source language and the fallback.
# One message per key; the zh-CN file has the same keys (a test checks).
# Variables are written $name; numbers passed as numbers choose plural forms.

## Counts (plural forms)

count-questions = { $count ->
    [one] { $count } question
   *[other] { $count } questions
}
count-expectations = { $count ->
    [one] { $count } expectation
   *[other] { $count } expectations
}

## Top bar: title row

topbar-overlay-help = Frame-time overlay: UI frames per second measured in the app, and the engine's speed.
topbar-presentation = Presentation
topbar-presentation-help = Presentation mode, for a projector: everything up to 1.5× larger, as much as the screen allows (1.25× on a 720-line projector).
topbar-projector = 📽 Projector
topbar-projector-help = Projector preset, for a lecture room: everything larger (sized to this screen), presentation mode, the lesson panel compact and the bottom tabs folded to their titles, so the graph and the plots keep the room. Click again for the desktop look.
topbar-theme-light = ☀ Light theme
topbar-theme-dark = 🌙 Dark theme
topbar-theme-help = Switch between the light and dark theme.
topbar-language-help = Language of the dashboard (remembered). The run goes on.
topbar-scenario-help = The running scenario.

## Health

health-title = System health
health-ok = Healthy
health-degraded = Degraded
health-failing = Failing
health-all-well = Nothing lost, dropped or dead-lettered in the last interval; queues below half full; failure rates below 5 %.
health-lost = messages lost: { $rate }
health-dropped = messages dropped: { $rate }
health-expired = messages expired: { $rate }
health-dead-lettering = dead-lettering { $rate }
health-topic-full = topic { $topic } is { $percent } full
health-group-down = group { $group }: { $down } of { $deployed } instances not working
health-group-rebalancing = group { $group } is rebalancing its partitions
health-group-failing = group { $group }: { $percent } of attempts failing
health-group-behind = group { $group } is falling behind: lag { $lag }
health-service-failing = service { $service }: { $percent } of calls failing, { $queued } queued
health-p95 = p95 latency { $latency }
health-producer-crashed = producer { $producer } has crashed
health-producer-cut-off = producer { $producer } is cut off from the broker
health-producer-blocked = producer { $producer } is blocked by a full topic
health-node-down = { $node } is down
health-node-partitioned = { $node } is cut off by a network partition
health-alert = alert firing: { $alert } ({ $subject })
health-fault = fault in effect: { $fault } on { $target }

## Menus

menu-file = File
menu-file-help = Open, reload or save a scenario; recent files.
menu-lessons = Lessons
menu-lessons-help = The tour of failures and the twelve lessons: load one, or browse them with their summaries.
menu-view = View
menu-view-help = Theme, presentation mode, the projector preset, the bottom tabs, the frame-time overlay.
view-tabs-open = Open the bottom tabs
view-tabs-fold = Fold the bottom tabs
view-overlay = Frame-time overlay

file-open = Open…
file-open-help = Open a scenario file (Ctrl+O). You can also drop a .ron file onto the window.
file-reload = Reload
file-reload-help = Read { $path } again and start it from the beginning.
file-reload-builtin-help = Start the built-in scenario again from the beginning.
file-save = Save…
file-save-help = Save the running scenario, including your live edits, as a new .ron file.
file-recent = Recent
file-recent-none = No recent files yet.
file-builtin = Built-in order pipeline
file-recent-clear = Clear the list
file-recent-help = Scenarios opened before.

lessons-browse = Browse the lessons…
lessons-hide-panel = Hide the lesson panel
lessons-show-panel = Show the lesson panel
lessons-hide-captions = Hide the captions
lessons-show-captions = Show the captions

## Playback

play-pause = Pause
play-pause-help = Pause the simulation (Space).
play-play = Play
play-play-help = Run the simulation in virtual time at the chosen speed (Space).
play-step = Step
play-step-help = Pause and handle exactly one event (Right arrow).
play-step-interval = Step { $interval }
play-step-interval-help = Pause and run to the end of the current sample interval (Shift+Right arrow).
play-speed = Speed
play-speed-help = Virtual seconds per wall second (+ and − keys). "max" runs as fast as the engine can.
play-reset = Reset
play-reset-help = Start the loaded scenario again from time zero; live edits are discarded (R).
seed = Seed
seed-help = Seed of the random streams. Same scenario + same seed = the same run, bit for bit. Press Enter to restart with it.
seed-random-help = Restart with a new random seed.

## The virtual clock

clock-help = Virtual time: the simulation's own clock, and the scenario's duration.
clock-progress = { $percent } % of the run done.
clock-limit = stopped at a limit
clock-limit-short = at a limit
clock-finished = finished
clock-finished-help = The run reached the scenario's duration. Reset or load another scenario.
clock-paused = paused
clock-paused-help = Virtual time stands still until you press Play or Step.
clock-max = max speed: { $factor } real time
clock-max-short = max: { $factor }
clock-max-help = Running as fast as the engine can, in slices, so the window stays responsive.
clock-behind-speed = behind real time: { $achieved } of { $speed }
clock-behind-speed-short = behind: { $achieved } of { $speed }
clock-behind-by = behind real time by { $lag }
clock-behind-by-short = behind by { $lag }
clock-behind-help = The engine cannot keep up with { $speed }: it achieves { $achieved }. The window stays responsive; the simulation simply runs slower than asked.
clock-in-step = in step with real time
clock-in-step-short = in step
clock-ahead = { $span } ahead of real time
clock-ahead-short = { $span } ahead
clock-trailing = { $span } behind real time
clock-trailing-short = { $span } behind
clock-drift-help = Virtual time elapsed minus wall time spent playing: at ×1 it stays near zero, faster speeds run ahead, steps while paused add to it.

## Bottom tabs

tab-breakers = Circuit breakers
tab-breakers-half-open = Circuit breakers ({ $count } half-open)
tab-breakers-open = Circuit breakers ({ $count } open)
tab-breakers-help = Every circuit breaker: its state over the run, failure and slow-call rates against the thresholds, the sliding window, the transitions with their reasons, and the operator's overrides.
tab-availability = Availability
tab-availability-incidents = { $count ->
    [one] Availability (1 open incident)
   *[other] Availability ({ $count } open incidents)
}
tab-availability-help = Every component's up/down timeline with observed MTBF, MTTR and availability against MTBF/(MTBF+MTTR); incidents with their detect, diagnose and recover times; service levels and error budgets.
tab-alerts = Alerts
tab-alerts-firing = Alerts ({ $count } firing)
tab-alerts-help = The alert rules, firing first, then pending, then quiet or resolved (Prometheus semantics).
tab-event-log = Event log
tab-event-log-help = Everything notable that happened, newest first: live edits, dead letters, warnings.
tab-dead-letters = Dead letters ({ $count })
tab-dead-letters-help = Messages given up on, with the reason, attempts and last error; redrive them from here.
tab-journeys = Journeys
tab-journeys-count = Journeys ({ $count })
tab-journeys-help = Traced messages hop by hop: publish, attempts, calls down the chain and their answers, retries, emits, the end — as a chart and a list; copy one as JSON.
tab-sagas = Sagas
tab-sagas-inconsistent = Sagas ({ $count } inconsistent)
tab-sagas-help = Orchestrated sagas: instances by state now and over time, the step where they fail, whether the compensations hold, how long a saga takes.
tab-changes = Changes ({ $count })
tab-changes-help = Every parameter changed live: when, where, from ➡ to; save the changed scenario.
tabs-open-help = Open the bottom tabs.
tabs-fold-help = Fold the bottom tabs to this row of titles, leaving the room to the graph and the plots.

## Captions

caption-help = The lesson's caption for this moment of the run; it stays until the next one.
caption-help-watch = The lesson's caption for this moment of the run; it stays until the next one. Watch { $focus }.
caption-hide = hide
caption-hide-help = Hide this caption (the next one shows).

## Lessons: the browser, the welcome screen, the lesson panel

welcome-title = Welcome to faultline
welcome-intro = A lab for fault tolerance in event-driven systems: a message bus simulated in virtual time, with failures you can schedule or cause, and the resilience patterns that answer them.
welcome-tour-behind = The tour of failures is already playing behind this window. Pick a lesson to study one idea in depth, or close this to watch the tour.
welcome-scenario-behind = Your scenario is already playing behind this window. Close this to watch it, or pick a lesson to study one idea of fault tolerance in depth.
welcome-menu-back = The Lessons menu in the top bar brings this list back.
lesson-tour = Tour
lesson-number = Lesson { $number }
lesson-open = Open
lesson-start-again = Start again
lesson-open-help = Load { $file } and play it from the start.
lesson-caption = Lesson
lesson-all = All lessons
lesson-all-help = The tour and the twelve lessons.
lesson-idea = The idea
lesson-watch = What to watch
lesson-questions = Questions
lesson-script = Done by the script
lesson-script-help = The lesson's own actions (a lecturer's redrive), applied at their time in every run.
lesson-action-refused = refused: { $why }
lesson-trying = Trying question { $number }
lesson-back = Back to the lesson
lesson-back-help = Run the lesson itself again, without the question's changes.
checklist = Checklist
checklist-help = The scenario's expectations, checked as the run goes: … pending (with the value so far), ✔ passed, ✖ failed, – not reached before the end. `faultline run` checks the same.
checklist-tally = { $passed } passed · { $failed } failed · { $pending } pending
status-pending-help = Pending: not decided yet.
status-passed-help = Passed.
status-failed-help = Failed.
status-unreached-help = The run ended before it could be decided.
question-try = Try it
question-try-again = Try it again
question-try-help = Run the lesson again from the start.
question-try-with = Run the lesson again from the start with: { $changes }
question-answer = Answer

## Topology: the graph, its nodes, edges, tooltips and legend

graph-fit = Fit
graph-fit-help = Show the whole graph (F, or double-click the graph)
graph-zoom-in-help = Zoom in (or scroll, or pinch)
graph-zoom-out-help = Zoom out (or scroll, or pinch)
graph-zoom = zoom { $percent } %
graph-drag-help = Drag the graph to move it.
graph-breaker-label = breaker { $group } to { $service }: { $state }
graph-click-help = Click for details and live edits.
node-crashed = crashed
node-cut-off = cut off from the broker
node-blocked = blocked: topic full
node-producer = { $rate } · produced { $produced }
node-client = { $rate } · failing { $percent }
node-topic = { $partitions ->
    [one] { $partitions } partition · { $held } / { $capacity }
   *[other] { $partitions } partitions · { $held } / { $capacity }
}
node-dead-letters = { $count } dead letters · +{ $rate }
node-group = { $rate } · lag { $lag } · busy { $busy }
node-group-working = { $working }/{ $deployed } working · fails { $percent }
node-service = { $rate } · errors { $percent }
svc-down-all = DOWN: all { $replicas } replicas (fault)
svc-down = DOWN (fault)
svc-replicas-down = { $replicas } replicas: { $down } down · { $ejected } ejected
svc-slowed = slowed ×{ $factor } (fault)
svc-errors = +{ $percent } errors (fault)
svc-replicas = { $replicas } replicas ({ $balance }) · { $calls } calls
svc-total-calls = total { $calls } calls
balance-round-robin = round robin
balance-random = random
balance-least-request = least request
balance-two-choices = two choices
replica-down = DOWN
replica-ejected = ejected until { $until }
replica-up = up
replica-line = { $state } · active { $active }/{ $each } · queued { $queued } · { $calls } calls, { $errors } errors, { $ejections } ejections
replica-more = and { $count } more replicas
held-of-capacity = { $held } of { $capacity } ({ $percent })

edge-title = { $from } { $what } { $to }
edge-publish = publishes to
edge-publish-unit = events
edge-request = sends requests to
edge-request-unit = calls
edge-delivery = delivers to
edge-delivery-unit = messages received
edge-call = calls
edge-call-unit = calls, every attempt
edge-emit = emits events to
edge-emit-unit = events emitted, all its emit rules
edge-dead-letter = dead-letters to
edge-dead-letter-unit = dead letters
edge-rate = rate
edge-callee-errors = errors at the callee

breaker-closed = closed
breaker-half-open = half-open
breaker-open = OPEN
breaker-forced-open = FORCED OPEN
breaker-disabled = disabled
breaker-metrics-only = metrics only
breaker-tip-title = Circuit breaker on { $group } calling { $service }
breaker-tip-help = Counts the calls in its window; past the failure (or slow-call) threshold it opens and refuses calls at once, then lets a few probes through (half-open) before closing.
breaker-too-few-calls = – (too few calls)
breaker-opens-at = { $rate } (opens at { $threshold } %)
breaker-state = state
breaker-failure-rate = failure rate
breaker-slow-calls = slow calls
breaker-window = window
breaker-window-value = { $window }: { $calls } calls, { $failed } failed, { $slow } slow
breaker-minimum-calls = minimum calls
breaker-calls-refused = calls refused
breaker-open-until = open until
breaker-last-change = last change

tip-producer = Producer { $name }
tip-client = Client { $name }
tip-client-help = A synchronous caller: each request waits for its answer, with no broker in between.
tip-topic = Topic
tip-dead-letter-topic = Dead-letter topic
tip-topic-help = Bars: one per partition, filled by its share of the capacity (hatched when nearly full).
tip-group = Consumer group { $name }
tip-group-help = Boxes: one per instance, filled by busy workers; a crossed, hatched box is down.
tip-service = Service { $name }
tip-state = state
tip-blocked = blocked: waiting for room
tip-publishing = publishing
tip-failed = failed
tip-none = none
tip-workers = workers
tip-workers-value = { $instances } instances × { $concurrency }
tip-errors-value = { $errors } ({ $percent } now)
tip-active-value = { $active } of { $capacity }
tip-unlimited = unlimited
tip-balancing = balancing
tip-publishes-to = publishes to
tip-configured-rate = configured rate
tip-measured-rate = measured rate
tip-produced = produced
tip-rejected-topic-full = rejected (topic full)
tip-requests = requests
tip-succeeded = succeeded
tip-failing-now = failing now
tip-waiting-for-an-answer = waiting for an answer
tip-latency-p50-p99 = latency p50 · p99
tip-held = held
tip-highest-so-far = highest so far
tip-per-partition = per partition
tip-reads = reads
tip-processed = processed
tip-lag = lag
tip-attempts = attempts
tip-waiting-to-retry = waiting to retry
tip-failed-attempts = failed attempts
tip-calls = calls
tip-errors = errors
tip-active = active
tip-queued-inside = queued inside

legend-ok-help = Working normally.
legend-degraded-help = Working but strained: failures above 5 %, a queue half full, an instance down.
legend-failing-help = Failing (thick border, hatched top): failures above 50 %, a queue nearly full, everything down.
legend-partition = partition
legend-partition-help = Topic bars: one per partition, filled by its share of the topic's capacity (orange from half full, hatched red when nearly full).
legend-instance-up = instance up
legend-instance-up-help = A consumer instance (a service's replica, smaller): filled from the bottom by its busy workers (active calls).
legend-down = down
legend-down-help = A crashed instance: red, dashed, crossed and hatched.
legend-restarting = restarting
legend-restarting-help = An instance the supervisor will restart: orange, dashed, with a ⟳. Orange dashed with a gap: cut off from the broker (a replica: ejected by outlier detection); dotted: idle (no partitions); faint: scaled in.
legend-flow = flow
legend-flow-help = Moving dots: messages, requests or calls flowing; the line grows thicker and the dots faster with the rate. A thin grey dashed line is idle. Dots of a call turn orange or red with the callee's health.
legend-emit = emit
legend-emit-help = A handler emitting new events to a topic (a pipeline's next stage, a router): dashed, bluish green.
legend-dead-letters = dead letters
legend-dead-letters-help = Messages given up on (retries exhausted, or expired) going to a dead-letter topic: dashed, reddish purple.

## Ledger

ledger = Ledger
ledger-help = Where every message produced so far is now. Nothing is lost silently: the two sides must always be equal.
ledger-produced = produced
ledger-produced-help = Messages created by producers (accepted or not).
ledger-fan-out-copies = fan-out copies
ledger-fan-out-copies-help = Copies for the second and later groups that read a topic: each group gets its own copy, which ends in a state of its own.
ledger-in-system = in system
ledger-in-system-help = Still on their way: blocked at a producer, in a topic, buffered or being handled by a consumer, or waiting to retry.
ledger-processed = processed
ledger-processed-help = Handled successfully and acknowledged.
ledger-filtered = filtered
ledger-filtered-help = Acknowledged without handling: a group's filter does not take the event's type.
ledger-dead-lettered = dead-lettered
ledger-dead-lettered-help = Given up on and kept in a dead-letter topic or parking lot, with the reason, for inspection or redrive.
ledger-expired = expired
ledger-expired-help = Waited in a topic longer than its TTL and were discarded.
ledger-dropped = dropped
ledger-dropped-help = Refused or discarded on purpose: a full topic, or a policy that drops what it cannot handle.
ledger-lost = lost
ledger-lost-help = Gone without anyone deciding so: a crash took them (non-durable topics, unreplicated partitions).
ledger-zeros-help = Terminal states no message has reached yet; each gets its own term, with its reasons, once one does.
ledger-balanced = balanced
ledger-balanced-help = produced equals the sum of the right-hand side: every message is accounted for.
ledger-off-by = off by { $count }
ledger-off-by-help = The two sides differ: the engine's bookkeeping is wrong. Please report this scenario.
ledger-none-yet = None so far.

## Ledger reasons (the engine's words, as the JSON report keeps them)

reason-topic-full-reject-new = topic full (reject new)
reason-topic-full-dropped-oldest = topic full (dropped oldest)
reason-ttl-expired = ttl expired
reason-retries-exhausted = retries exhausted
reason-business-error-not-retried = business error (not retried)
reason-fatal-error = fatal error
reason-dead-letter-topic-full = dead-letter topic full
reason-parking-lot-full = parking lot full
reason-circuit-open-retries-exhausted = circuit open (retries exhausted)
reason-bulkhead-full-retries-exhausted = bulkhead full (retries exhausted)
reason-rate-limited = rate limited
reason-load-shed-low-priority = load shed (low priority)
reason-producer-buffer-full = producer buffer full
reason-outbox-full = outbox full
reason-broker-unreachable = broker unreachable
reason-broker-node-lost-no-other-replica = broker node lost (no other replica)
reason-broker-node-lost-non-durable-topic = broker node lost (non-durable topic)

## Notices, the problem panel, the window

notice-saved = Saved to { $path }
notice-save-failed = Could not save: { $why }
notice-no-dialog = No file dialog could be shown here (it needs an XDG desktop portal or zenity). Drop a .ron file onto the window, use Recent, or pass the file on the command line.
notice-no-dialogs = File dialogs are not available here; drop a .ron file onto the window instead.
not-modelled = Configured but not simulated yet: { $parts }.
not-modelled-help = These parts of the scenario parse and validate; the engine ignores them until they are built.
drop-hint = Drop a .ron scenario to open it
problem-title = Could not load the scenario
problem-still-running = — still running “{ $name }”, the last good one.
problem-dismiss = Dismiss
problem-dismiss-help = Hide this message.
problem-open-help = Choose another scenario file.
problem-try-again = Try again
problem-try-again-help = Read the file again (after fixing it).

## Plots

plot-throughput = Throughput
plot-throughput-help = Messages per second of virtual time: produced by producers, processed successfully, dead-lettered, and handling attempts that failed (expired, dropped and lost appear when they happen).
plot-latency-produce-to-processed = Latency (produce to processed)
plot-latency-produce-to-processed-help = End-to-end latency percentiles of the messages processed in each interval: half took less than p50, 99 % less than p99.
plot-backlog-and-consumer-lag = Backlog and consumer lag
plot-backlog-and-consumer-lag-help = Messages waiting in each topic, and each group's lag: messages not yet handled (waiting in the topic plus held by the group).
plot-in-flight-and-instances = In flight and instances
plot-in-flight-and-instances-help = Messages being handled or waiting to retry per group, live instances per group, and calls being served or queued per service.
plot-service-calls-and-errors = Service calls and errors
plot-service-calls-and-errors-help = Calls per second reaching each downstream service, and how many of them failed.
plot-failed-attempts-per-group = Failed attempts per group
plot-failed-attempts-per-group-help = Share of handling attempts that failed in each interval (transient, business, fatal or timeout), per consumer group.
plot-circuit-breakers = Circuit breakers
plot-circuit-breakers-help = Each breaker's worst state in the interval: closed (calls flow), half-open (a few probe calls), open (calls refused at once).
plot-breaker-failure-rates = Breaker failure rates
plot-breaker-failure-rates-help = The failure rate each breaker computes over its sliding window; it opens when this reaches its threshold (after the minimum number of calls).
plot-service-level-objectives-met = Service level (objectives met)
plot-service-level-objectives-met-help = Whether each group met its objectives in the interval (100 %) or not (0 %); averaged over a span it is the group's service-level availability.
plots-follow = Follow
plots-follow-help = Keep the newest data in view. Dragging or scrolling a plot stops following; double-click a plot to follow again.
plots-window-help = Show this much virtual time, ending now.
plots-window-all = all
plots-cursor = cursor at { $time }
plots-cursor-remove-help = Remove the cursor.
plots-cursor-hint = Click a plot or an event-log time to place a cursor.

## Metrics: the plots' legends (a component's name goes in front)

metric-throughput-produced = produced/s
metric-throughput-processed = processed/s
metric-throughput-dead-lettered = dead-lettered/s
metric-throughput-failed = failed attempts/s
metric-throughput-expired = expired/s
metric-throughput-dropped = dropped/s
metric-throughput-lost = lost/s
metric-latency-p50-ms = p50 latency (ms)
metric-latency-p95-ms = p95 latency (ms)
metric-latency-p99-ms = p99 latency (ms)
metric-topic-backlog = backlog
metric-group-lag = lag
metric-group-in-flight = in flight
metric-group-instances = instances
metric-group-p95-ms = p95 (ms)
metric-group-failure-rate = failure rate
metric-group-objectives-met = objectives met
metric-service-calls = calls/s
metric-service-errors = errors/s
metric-service-busy = busy + queued
metric-saga-running = running
metric-saga-compensating = compensating
metric-saga-started = started/s
metric-saga-completed = completed/s
metric-saga-compensated = compensated/s
metric-saga-failed = failed/s
metric-saga-inconsistent = inconsistent/s
metric-breaker-state = breaker (0 closed, 1 half-open, 2 open)
metric-breaker-failure-rate = breaker failure rate (%)

## The circuit breakers tab

breaker-none = This scenario has no circuit breakers. A consumer group, a service calling services or a client gets one per service it calls with `circuit_breaker: Some(CircuitBreaker(...))`.
breaker-guarding = The breaker guarding { $group }'s calls to { $service }.
breaker-states-help = CLOSED: calls flow and are counted. OPEN: calls are refused at once. HALF_OPEN: a few probe calls decide. FORCED_OPEN, DISABLED and METRICS_ONLY are set by an operator.
breaker-probes-from = probes from { $time } (in { $left })
breaker-probing = probing: { $permits } of { $probes } calls still to let through
breaker-config = Opens at >= { $failure } % failed or >= { $slow } % slower than { $duration } (after { $minimum } calls); stays open { $open_for }, then lets { $probes } probes through. { $refused } calls refused so far, open { $open } in all.
breaker-force-open = Force open
breaker-force-open-help = Refuse every call until released (FORCED_OPEN), as an operator isolating a dependency: watch calls to the service drop to zero and orders fail fast.
breaker-disable = Disable
breaker-disable-help = Let every call through and record nothing (DISABLED): watch what the system does without a breaker.
breaker-metrics-only-control = Metrics only
breaker-metrics-only-control-help = Let every call through but keep measuring (METRICS_ONLY): the event log says when it would have opened.
breaker-close-now = Close now
breaker-close-now-help = Close it now with an empty window (CLOSED), as an operator resetting it: if the service still fails it opens again.
breaker-back-to-normal = Back to normal
breaker-back-to-normal-help = End the override: CLOSED with an empty window, counting calls and opening on failures again.
breaker-since-start = since the start
breaker-below-minimum = too few calls ({ $calls } of { $minimum } needed)
breaker-failure-rate-help = The share of the window's calls that failed (errors and timeouts). At or above the threshold the breaker opens.
breaker-slow-calls-help = The share of the window's calls slower than the slow-call duration, failed or not. At or above the threshold the breaker opens.
breaker-gauge-over = { $value } % (at or above the threshold { $threshold } %)
breaker-gauge-under = { $value } % (below the threshold { $threshold } %)
breaker-gauge-none = – { $none } · threshold { $threshold } %
breaker-window-summary = { $window }: { $calls } calls, { $failed } failed, { $slow } slow (oldest on the left)
breaker-window-empty = nothing recorded in this state
breaker-window-help = What the breaker decides on. Plain green: success; crossed vermillion: failed; dotted orange: slow.
breaker-transitions = Transitions ({ $count })
breaker-transitions-help = Every change of state with its reason in numbers, newest first.
breaker-no-transitions = None yet: the breaker has been closed since the start.
breaker-cursor-help = Move the plots' cursor here.
breaker-evicted = { $count } older transitions are no longer kept.

## The command line's human output (--json and --csv are never translated)

cli-list-separator = {", "}
cli-check-ok = { $file }: ok: "{ $name }", { $parts }, runs { $duration }
cli-topics = { $count ->
    [one] { $count } topic
   *[other] { $count } topics
}
cli-producers = { $count ->
    [one] { $count } producer
   *[other] { $count } producers
}
cli-clients = { $count ->
    [one] { $count } client
   *[other] { $count } clients
}
cli-groups = { $count ->
    [one] { $count } consumer group
   *[other] { $count } consumer groups
}
cli-sagas = { $count ->
    [one] { $count } saga
   *[other] { $count } sagas
}
cli-services = { $count ->
    [one] { $count } service
   *[other] { $count } services
}
cli-distribution = { $path }: { $dist }: mean { $mean }, SCV { $scv }
cli-lesson = lesson "{ $title }" with { $questions }
cli-lesson-actions = lesson actions:
cli-question = question { $number }: { $ask }
cli-changed = changed: { $change }
cli-expectations = expectations:
cli-met = { $passed } of { $count } expectations met
cli-failed = , { $count } failed
cli-unreached = , { $count } not reached

## The run summary (`faultline run`, `replay`)

report-head = { $scenario } (seed { $seed }): { $virtual } s virtual in { $wall } s wall ({ $rate } msg/s)
report-stopped = STOPPED EARLY: { $reason } (the figures below are as of { $at } s)
report-ledger = produced { $produced } = in system { $in_system } + processed { $processed } + dead-lettered { $dead_lettered } + expired { $expired } + dropped { $dropped } + lost { $lost }
report-latency = latency ms: mean { $mean }  p50 { $p50 }  p95 { $p95 }  p99 { $p99 }  max { $max }
report-throughput = throughput /s: mean { $mean }  peak { $peak }
report-topic = topic { $name }: max backlog { $max }  final { $final }
report-service = service { $name }: { $calls } calls, { $errors } errors
report-group = group { $name }: { $instances } instances at the end, { $rebalances } rebalances, { $redelivered } redelivered, { $duplicates } duplicates processed, { $deduplicated } deduplicated; objectives met in { $met }% of intervals
report-analytic = {" "}(analytic { $percent }%)
report-availability = availability { $name }: { $observed }%{ $analytic }, { $failures } failures, { $down } s down
report-incidents = incidents: { $count } ({ $recovered } recovered, mean self-healing time { $mean } s)
report-still-firing = still firing
report-resolved = resolved at { $at } s
report-alert = alert `{ $name }` fired at { $at } s, { $resolved }
report-breaker = breaker { $name }: { $state } now, { $transitions } transitions, open { $open } s, { $refused } calls not permitted
report-not-modelled = note: configured but not simulated yet: { $parts }

## Time travel: the time bar, fork, sweep, sessions

seek-time = Time
seek-time-help = Move the run to any moment: back, rebuilt exactly from checkpoints; forward, by running. Changes recorded after that moment are replayed as the run passes them again, until you make a new one.
seek-checkpoints = { $count } checkpoints kept (bounded; thinned as the run grows). Drag and release to go there.
seek-go-to = go to
seek-hint = e.g. 1m30s
seek-error-help = Type a virtual time as in scenario files: 90s, 1m30s, 2.5s.
seek-go = Go
seek-go-help = Move the run to the time typed.
seek-go-cursor = Go to cursor { $time }
seek-go-cursor-help = Move the run to the moment marked on the plots (click a plot to mark one).
whatif-fork = Fork…
whatif-fork-help = Compare two futures of the run from now: A unchanged, B with your changes.
whatif-sweep = Sweep…
whatif-sweep-help = Run the scenario over a range of parameter values and plot a metric against them.
whatif-session = Session
whatif-session-save-help = The scenario as loaded, the seed and every command with its moment: opening it replays this run bit for bit.
whatif-session-open = Open session…
whatif-session-open-help = Open a .session.ron file (Open… takes them too, as does dropping one on the window).
whatif-export = Export
whatif-fork-comparison = Fork comparison ({ $name })
whatif-fork-reports = Its reports are in the Fork window.
whatif-live-changes = { $count ->
    [one] { $count } live change
   *[other] { $count } live changes
}
whatif-replaying = · replaying { $count } recorded
whatif-replaying-help = Commands recorded after this moment are applied again as the run passes them; a change of yours discards them.
export-series-csv = Series as CSV…
export-series-json = Series as JSON…
export-summary-csv = Summary as CSV…
export-report-html = Report (HTML)…
export-report-markdown = Report (Markdown)…
export-session = Save session…
export-series-help = Every metric series of the run so far, one row per sample.
export-summary-help = The run's summary figures as path,value rows (the paths `--metric` takes).
export-report-help = A self-contained report: summary, charts, live changes, notable events and the scenario.
export-session-help = The scenario as loaded, the seed and every command with its exact moment: opening it replays this run bit for bit.

## Changes, event log, alerts

changes-none = No live changes yet
changes-replay = · { $count } recorded commands to replay as the run goes on
changes-save = Save as new scenario…
changes-save-help = Write the scenario with every change applied (as if made at time zero) to a new .ron file. Save the session to keep their moments.
changes-empty-help = Select a component and change any of its parameters in the details panel; each change is listed here.
changes-time = time
changes-component = component
changes-field = field
changes-from-to = from ➡ to
log-info = info
log-warning = warning
log-error = error
log-filter = Filter
log-filter-hint = component or text
log-filter-help = Show only entries whose component or text contains this (ignoring case).
log-severity-help = Show or hide entries of this severity.
log-total = { $count } entries logged
log-no-match = No entries match.
log-cursor-help = Move the plots' cursor to this moment.
alert-failure-rate = failure rate of { $subject } > { $limit } for { $for }
alert-p95 = p95 latency of { $subject } > { $limit } for { $for }
alert-backlog = backlog of { $subject } > { $limit } for { $for }
alert-lag = lag of { $subject } > { $limit } for { $for }
alert-availability = availability of { $subject } < { $limit } for { $for }
alerts-none = This scenario has no alert rules (`alerts: [Alert(name, when: ...)]`).
alerts-state = state
alerts-state-help = FIRING: the condition has held for its `for` duration. PENDING: it holds, not yet for long enough. Quiet: it does not hold.
alerts-alert = alert
alerts-alert-help = The rule's name and condition (evaluated at every sample, as Prometheus does).
alerts-since = since
alerts-since-help = When it entered its state (or last resolved); click to move the plots' cursor there.
alerts-for = for
alerts-for-help = How long it has been in its state, or how long its last firing lasted.
alerts-fired = fired
alerts-fired-help = Times it fired in this run, and its past firings.
alerts-firing = FIRING
alerts-pending = pending
alerts-resolved = resolved
alerts-quiet = quiet
alerts-fired-for = fired for { $span }
alerts-state-chip-help = Alert state (Prometheus semantics: pending until the condition has held for `for`).
alerts-on = { $condition } · on { $subject }
alerts-until-now = { $from }–now
alerts-never-fired = Never fired.
alerts-newest-first = Newest first:

## Dead letters

dlq-time = time
dlq-time-help = When it was given up on (virtual time); click to move the plots' cursor there.
dlq-message = message
dlq-message-help = The message's id, in order of production; click to select it for a redrive.
dlq-dead-lettered = dead-lettered
dlq-dead-lettered-help = Times this message has been dead-lettered (the redrive's loop guard compares this).
dlq-key = key
dlq-key-help = The message key (decides the partition and per-key order).
dlq-reason = reason
dlq-reason-help = Why it was given up on.
dlq-attempts = attempts
dlq-attempts-help = Handling attempts made, the first included.
dlq-last-error = last error
dlq-last-error-help = The class of the last failed attempt.
dlq-held-in = held in
dlq-held-in-help = The dead-letter topic or parking lot holding it, and the group that gave up.
dlq-reason-filter = Reason
dlq-all = all
dlq-filter-hint = key, group, error
dlq-filter-help = Show only dead letters whose key, message id, place, group or error contains this.
dlq-held = { $held } held
dlq-held-listed = { $held } held (the newest { $listed } listed)
dlq-none-yet = No dead letters yet.
dlq-no-match = No dead letters match.
dlq-parks = { $times }× (parks)
dlq-redrive-from = Redrive from
dlq-redrive-all = Redrive all
dlq-redrive-all-help = Republish every dead letter held there to the topic it came from. Watch the held count fall and the ledger's dead-lettered count with it; those that fail again come back.
dlq-redrive-reason = Redrive '{ $reason }'
dlq-redrive-by-reason = Redrive by reason
dlq-redrive-by-reason-help = Republish only those dead-lettered for the reason chosen above (for instance 'circuit open' once the service is healthy again, leaving the poison ones).
dlq-redrive-one = Redrive #{ $id }
dlq-redrive-selected = Redrive selected
dlq-redrive-selected-help = Republish the selected message (click a message id to select it), with any other given up on at the same instant in the same place.
dlq-loop-guard = loop guard
dlq-loop-guard-help = A message already dead-lettered more than this many times is parked (moved to its group's parking lot) instead of redriven, so a poison message cannot loop forever.
dlq-parked-help = Parked messages ("GROUP (parked)") can be redriven too; they keep their count.

## Journeys

journeys-none = This scenario traces no messages. Add `tracing: Tracing(sample: 0.01)` to follow 1 % of the root events hop by hop (or run `faultline trace FILE`).
journeys-none-yet = No traced message yet: journeys appear as sampled events are published.
journeys-newest = Newest traced messages
journeys-summary = #{ $root } at { $at } · { $steps } steps
journeys-processed = {" "}· { $count } processed
journeys-ended = {" "}· { $count } ended
journeys-title = Journey of message #{ $root }
journeys-copy = Copy JSON
journeys-copy-help = Copy this journey as JSON (as `faultline trace --json` prints it).
journeys-dropped = { $count } later steps were not kept (the trace's bounds).
journeys-time = +time
journeys-message = message
journeys-step = step
journeys-component = component
journeys-what = what happened
journeys-emitted-by = #{ $message }, emitted by #{ $parent }
journeys-saga-end = {" "}· saga { $end }
journeys-saga-title = Saga { $saga } of message #{ $message }
journeys-saga-help = The saga this message started, as its coordinator ran it: each step's attempts with their outcomes, the compensations of the steps done (newest first), and the end.
journeys-saga-running = RUNNING
journeys-saga-step = step
journeys-saga-attempt = attempt
journeys-saga-service = service
journeys-saga-outcome = outcome
journeys-saga-undo = ↩ undo { $step }
journeys-saga-ok = ✔ ok after { $took }
journeys-saga-error = ✖ { $class } after { $took }
journeys-saga-no-answer = no answer yet
journeys-saga-skipped = skipped: its condition leaves this event out
journeys-saga-resumed = resumed from the saga log (the trigger came back)
journeys-saga-why = { $step } failed: { $reason }

## Availability

avail-brokers = Broker nodes
avail-brokers-help = Each partition has a leader node; when it stops serving, the partition is offline until a replica takes over (failover) or it returns.
avail-up = up
avail-down = DOWN
avail-cut-off = cut off
avail-leads = leads { $count } partitions
avail-offline = OFFLINE
avail-leaders = { $topic } leaders — { $leaders }
avail-leaders-help = The broker node leading each partition (numbered from 1); OFFLINE while none can.
avail-components = Components
avail-components-help = Observed availability = up time / time observed; MTBF = up time / failures; MTTR = mean time down per repair. The analytic value MTBF/(MTBF+MTTR) comes from the scenario's failure model, when it has one.
avail-up-down = up / down over the run
avail-figures = figures
avail-up-now = Up now.
avail-down-now = Down now.
avail-analytic = {" "}(analytic { $percent })
avail-failures = { $count ->
    [0] {" "}· no failures
    [one] {" "}· 1 failure
   *[other] {" "}· { $count } failures
}
avail-analytic-help = The analytic value is MTBF/(MTBF+MTTR) of the failure model's means; over many failures the observed value converges to it.
avail-no-model-help = No failure model (`failures:`) for this component, so no analytic value: its failures come from scheduled or injected faults.
avail-incidents = Incidents
avail-incidents-help = Self-healing time = detect + diagnose + recover. Detected: the first sign something is wrong (heartbeat, failover, an alert). Diagnosed: the first sign naming the component (its own alert, a breaker opening on it). Recovered: it serves again.
avail-incident-cursor-help = Move the plots' cursor to the start of the incident.
avail-detected = detected after { $span } by { $by }
avail-not-detected = not detected (yet)
avail-diagnosed = diagnosed { $span } later by { $by }
avail-recovered = recovered at { $at }
avail-recovering = recovering…
avail-phases = detect { $detect } + diagnose { $diagnose } + recover { $recover } = { $total }
avail-open-for = open for { $span } · detect { $detect }
avail-phase-detect = detect
avail-phase-diagnose = diagnose
avail-phase-recover = recover
avail-service-level = Service level
avail-service-level-help = Each sample interval a group meets its objectives (p95 latency and success share) or not; the error budget is the share of bad intervals the target allows.
avail-intervals-good = { $percent } % of { $intervals } intervals good (target { $target } %)
avail-objectives = objectives: p95 <= { $p95 } and >= { $success } % processed
avail-budget-blown = error budget blown: { $times }× spent
avail-budget-spent = error budget { $percent } % spent
avail-budget-help = Bad intervals over the budget (1 − target) × intervals: above 100 % the promise is broken.

## The detail panel (a selected component)

component-producer = Producer
component-topic = Topic
component-consumer-group = Consumer group
component-service = Service
detail-close-help = Close the details.
detail-refused = The last change was refused: { $error }
detail-all-parameters = All parameters
detail-live-edit = Live edit
detail-live-edit-errors = Live edit: errors
detail-live-edit-latency = Live edit: latency
detail-rate-varies = This producer's rate varies over time (ramp, steps or sine); it cannot be set to one value.
detail-messages-per-s = messages/s
detail-rate-help = The producer's mean rate; applied at the current virtual time.
detail-apply-rate = Apply rate
detail-apply-help = Change it now; the change is written to the event log.
detail-arrivals = arrivals
detail-mean-rate-now = mean rate now
detail-failed-now = failed attempts now
detail-instances-up = instances up
detail-of = { $part } of { $whole }
detail-concurrency = concurrency
detail-prefetch = prefetch
detail-per-instance = { $count } per instance
detail-instances = Instances
detail-instance = instance
detail-busy = busy
detail-buffered = buffered
detail-unacked = unacked
detail-partitions = partitions
detail-concurrency-label = Concurrency
detail-concurrency-help = Workers per instance: messages one instance handles at once.
detail-apply-concurrency = Apply concurrency
detail-now = { $total } ({ $rate } now)
detail-latency = latency
detail-error-probabilities = error probabilities
detail-errors-value = transient { $transient } · business { $business } · fatal { $fatal }
error-transient = transient
error-transient-help = Worth retrying: the same call may succeed later.
error-business = business
error-business-help = The request itself is wrong: retrying cannot help.
error-fatal = fatal
error-fatal-help = The handler cannot go on with this message at all.
detail-probabilities-over = The three probabilities add up to more than 100 %.
detail-apply-errors = Apply error rates
detail-durations-help = Durations as in scenario files: 40ms, 1.5s, 250us.
detail-apply-latency = Apply latency
detail-when-full = when full
detail-ttl = time to live
detail-durable = durable
detail-yes = yes
detail-no = no
detail-dead-letter-topic = A dead-letter topic: the Dead letters tab lists what it holds, with reasons.
detail-partitions-title = Partitions
detail-partition = partition { $number }: { $count }

## Fault injection (the detail panel, the availability tab)

fault-inject = Inject a fault
fault-inject-help = Break this component now, as a scheduled fault would: the event log records it, the availability tab times the incident.
fault-until-recovered = until recovered
fault-until = until { $time }
fault-in-effect = { $target }: { $kind } since { $since } { $until }
fault-none = No fault in effect here.
fault-for = for
fault-for-help = How long the fault's cause lasts. What follows (detection, restart, failover, catching up) takes its own time after it.
fault-target = target
fault-every-replica = every replica of { $name }
fault-every-instance = every instance of { $name }
fault-instances = instances
fault-scale = Scale
fault-scale-autoscaled-help = Set the group's instance count now (the autoscaler may change it again at its next check). Watch the rebalance and the lag.
fault-scale-help = Set the group's instance count now. Watch the rebalance, and idle members beyond the partition count.
fault-recover-now = Recover now
fault-crash = Crash
fault-crash-help-1 = The service goes down: calls fail at once (connection refused). Watch the breaker open and the dead letters grow.
fault-crash-help-2 = The producer stops: events due meanwhile are never created. Watch produced/s drop to zero.
fault-crash-help-3 = The process dies with what it held. Watch its partitions stall until the broker evicts it, the rebalance, the redelivered messages, and the supervisor's restart.
fault-partition = Partition
fault-partition-help-1 = The service is cut off from its callers: for them, the same as down. Watch the failure rate and the breaker.
fault-partition-help-2 = The producer is cut off from the broker: its publishes fail. Watch its retries, its outbox's PENDING count, or lost events without one.
fault-partition-help-3 = Cut off from the broker but still running: it cannot fetch, ack or commit. Watch for eviction and duplicates if it lasts past the session timeout.
fault-slow = Slow
fault-slow-help-1 = Calls take this many times longer. Watch latency, the slow-call rate and the lag grow: slow is not failed, so the breaker may stay closed.
fault-slow-help-2 = The handler's own work takes this many times longer. Watch the lag grow and the autoscaler react.
fault-error-rate = Error rate
fault-errors-help-1 = This share of calls that would succeed fail with a transient error. Watch retries, the breaker's failure rate and the dead letters.
fault-errors-help-2 = This share of handling attempts fail transiently after their work. Watch retries and the failed-attempts plot.
fault-poison = Poison
fault-poison-help-1 = This share of its new messages are malformed: they fail fatally and are never retried. Watch the dead letters (reason: fatal error).
fault-poison-help-2 = This share of the messages published to the topic are malformed: they fail fatally and go straight to the dead letters. Watch the rest flow on.
fault-recover-help-2 = End every fault on the service now. Watch the breaker's next probes succeed.
fault-recover-help-3 = End every fault on the producer now.
fault-recover-help-4 = Stop poisoning the topic now.
fault-recover-instance-help = End the faults on it now and start a crashed instance at once (an operator's restart). Watch it rejoin: a rebalance.
fault-node-crash = crash
fault-node-crash-help = Lose the machine with its disk: its partitions are offline until a replica takes over (or it returns). Watch the leaders move and what is lost with replication 1.
fault-node-partition = partition
fault-node-partition-help = Cut the node off: its partitions are offline, its data intact. Watch the failover.
fault-node-recover = recover
fault-node-recover-help = End the faults on the node now.

## The fork window

fork-title = Fork: compare two futures
fork-intro = From the run as it stands now ({ $now }), A goes on unchanged and B with the changes below, for the horizon, in paired replications with common random numbers: both futures draw the same random numbers except where B's change makes a component draw differently.
fork-changes = B's changes (one PATH=VALUE per line)
fork-add-parameter = Add a parameter:
fork-choose = choose…
fork-horizon = Horizon
fork-horizon-help = How far past now both futures run (virtual time): 30s, 2m.
fork-replications = Replications
fork-replications-help = Independent pairs of futures; with two or more the difference gets a 95 % confidence interval.
fork-warmup = Warm-up
fork-warmup-help = Statistics restart this long after the fork (0s: right at the fork).
fork-run = Run fork
fork-taking-state = Taking the run's state…
fork-running = Running A and B
fork-export-html = Export report (HTML)…
fork-export-markdown = Export report (Markdown)…
fork-export-help = The difference table and A and B overlaid, as a file.
fork-summary = A: unchanged · B: { $b } — forked at { $at }, { $replications } replications over { $horizon }
fork-metric = metric
fork-a-mean = A mean
fork-b-mean = B mean
fork-diff = B − A
fork-ci = 95% CI of B − A
fork-significant-help = The 95 % interval excludes zero: B really differs from A.
fork-missing = {" "}({ $missing } of { $replications } missing)
fork-one-replication = — (one replication)
fork-legend = * = the interval excludes zero. Plots: replication 0, A solid blue, B dashed orange; the grey line marks the fork.
jobs-progress = { $what }: { $done } of { $total } runs
jobs-cancel = Cancel
jobs-cancel-help = Stop after the runs in progress.

## The sweep window

sweep-title = Sweep: a metric against a parameter
sweep-parameter-1 = Parameter 1
sweep-parameter-2 = Parameter 2
sweep-parameter-2-hint = optional: another PATH=V1,V2
sweep-run-length = Run length
sweep-run-length-help = Virtual time each run lasts (empty: the scenario's duration).
sweep-warmup-help = Statistics before this virtual time are discarded (empty: 10 % of the run).
sweep-metrics = Metrics
sweep-run = Run sweep
sweep-running = Sweeping
sweep-export-csv = Export CSV…
sweep-export-json = Export JSON…
sweep-plot = Plot
sweep-against = against { $path } · mean with its 95 % confidence band, { $replications } replications

## All parameters (the detail panel)

params-any-path = Any path
params-any-path-help = Set any parameter of the scenario by its dotted path, e.g. a whole structure as JSON: consumers.payments.circuit_breaker = {"{"}"window":{"{"}"Count":20{"}"},"failure_rate":0.5{"}"}
params-path = path
params-value = value
params-set = Set
params-set-help = Change { $path } now (Enter in the field does the same).
strip-up = up
strip-down = down

## The sagas tab

sagas-none = This scenario has no orchestrated sagas.
saga-coordinator = coordinated by { $group }
saga-consistent = CONSISTENT
saga-consistent-help = No saga was left half done: each one completed, was compensated, failed with nothing to undo, or is still in progress.
saga-inconsistent-chip = { $count } INCONSISTENT
saga-inconsistent-help = Sagas left half done (a compensation gave up, or a step after the pivot failed): their triggers went to the coordinator's on_exhausted for repair by hand.
saga-started = started { $count }
saga-completed = completed { $count } ({ $share })
saga-compensated = compensated { $count } ({ $share })
saga-failed = failed { $count } ({ $share })
saga-inconsistent = inconsistent { $count } ({ $share })
saga-in-progress = in progress { $count } ({ $running } running, { $compensating } compensating)
saga-started-help = Sagas started: one per trigger message the coordinator took for the first time (a redelivered trigger resumes its saga instead).
saga-completed-help = Sagas that ran every step (or skipped it by its condition). Shares are of the sagas started.
saga-compensated-help = Sagas where a step failed for good and every completed step with a compensation was undone, newest first.
saga-failed-help = Sagas where a step failed for good with nothing done to undo (typically the first step).
saga-inconsistent-count-help = Sagas left half done: a compensation gave up after its retries, or a step after the pivot failed.
saga-in-progress-help = Sagas running their steps or undoing them now, including those whose trigger waits for redelivery after a crash.
saga-duration = Duration (start ➡ end): mean { $mean } · p95 { $p95 } · p99 { $p99 }
saga-recovery = Resumed from the saga log { $resumed } · duplicate step calls { $duplicates } · steps skipped { $skipped }
saga-recovery-help = Resumed: sagas taken up again after their trigger was delivered again (a coordinator crash). Duplicate step calls: calls made again because the answer was lost, to a step that is not idempotent. Skipped: steps whose condition left the trigger out.
saga-steps = Steps
saga-steps-help = The saga's steps in order, with the services they call and what undoes each.
saga-step = step
saga-step-help = The step, in the order the coordinator runs them.
saga-service = service
saga-service-help = The service the step calls (its faults are those of any service: select it in the graph).
saga-command-to = command → { $topic }
saga-command-help = The step publishes a command to { $topic } and waits for the reply of the group reading it: { $timeouts } attempts heard none in time, { $late } replies came too late and were ignored.
saga-calls = calls
saga-calls-help = Every attempt of the step, retries included.
saga-failed-calls = failed calls
saga-failed-calls-help = Attempts that failed (some were retried and then succeeded).
saga-failed-here = sagas failed here
saga-failed-here-help = Sagas that did not complete because this step failed for good (or whose compensation after it gave up).
saga-undone-by = undone by
saga-undone-by-help = The compensation that undoes the step when a later one fails.
saga-pivot = pivot: no undo after it
saga-no-undo = nothing to undo
saga-compensations-none = Compensations: none run yet.
saga-compensations = Compensations: { $calls } calls, { $failures } failed, { $share } succeeded
saga-compensations-help = Every attempt of a compensation. A failed one is retried with the step's compensation_retry; one that still fails leaves its saga inconsistent.
saga-reasons = Why sagas did not complete: { $reasons }
saga-reasons-help = The reasons as run --json names them: a step's error class, the saga's timeout, a compensation that gave up, a failure after the pivot, the coordinator giving up the trigger.
saga-plot-ends = Sagas started and ended per second
saga-plot-ends-help = From the saga's series in the metrics history: started, completed, compensated, failed and inconsistent sagas per second of virtual time.
saga-plot-in-progress = Sagas in progress
saga-plot-in-progress-help = Sagas running their steps and sagas compensating, at each sample.
saga-end-completed = completed
saga-end-compensated = compensated
saga-end-failed = failed
saga-end-inconsistent = inconsistent

## A breaker transition's reason, with its numbers (also the `run --json` report's
## `reason`, which reads the English: keep these exactly as they are).
breaker-window-probes = { $count } probe calls
breaker-window-last-calls = last { $count } calls
breaker-window-last-seconds = last { $count } s
breaker-window-nothing = nothing recorded
breaker-over-last-calls = over last { $calls } calls
breaker-over-last-seconds = over the last { $seconds } s ({ $calls } calls)
breaker-over-probes = over { $calls } probe calls
breaker-cause-failure-exceeded = failure rate { $failure } ≥ { $failure_threshold } { $over }
breaker-cause-slow-exceeded = slow-call rate { $slow } ≥ { $slow_threshold } { $over }
breaker-cause-both-exceeded = failure rate { $failure } ≥ { $failure_threshold } and slow-call rate { $slow } ≥ { $slow_threshold } { $over }
breaker-cause-probes-below = failure rate { $failure } < { $failure_threshold } and slow-call rate { $slow } < { $slow_threshold } { $over }
breaker-cause-open-elapsed = open for { $open_for } elapsed; permitting { $probes } probe calls
breaker-cause-command = set by command
breaker-cause-removed = circuit_breaker removed by a live change (permits every call, records nothing)
breaker-cause-restored = circuit_breaker set again by a live change (fresh window)

## Event-log entries (English is also what `Event(what: Logged(...))` expectations match).
log-breaker-transition = { $from } → { $to }: { $reason }
log-breaker-would-open = METRICS_ONLY: would open: { $reason }
log-breaker-reset = { $state } reset
log-alert-resolved = alert `{ $name }` resolved
log-replica-up = up again
log-ejected = ejected from balancing for { $duration } after { $errors } errors in a row (ejection { $ejection })
log-crashed = crash: { $lost } messages lost from its memory wait for the broker to redeliver them
log-crashed-failure = failure: { $lost } messages lost from its memory wait for the broker to redeliver them
log-cut-off = cut off from the broker: cannot fetch, ack or commit; keeps working on the { $held } messages it holds
log-reconnected = reconnected to the broker
log-supervisor-noticed = supervisor noticed it is down; restart in { $delay }
log-crash-loop = restarted and crashed again: the cause persists (CrashLoopBackOff); next restart in { $delay }
log-crash-cause-gone = the crash's cause is gone, but nothing restarts the process (no supervisor): it stays down until recovered by command
log-repaired-but-crashed = repaired, but a crash fault keeps it down
log-rebalance-done = rebalance done: { $partitions } partitions over { $members } members
log-rebalance-done-idle = { $done }; idle (more members than partitions): { $idle }
log-failover = failover: { $moved } partitions now led by replicas, { $stuck } stay offline (no replica serving)
log-serving-again = serving again; leads { $partitions } partitions that were offline
log-dead-letters = { $count } dead letters in the last { $interval }
log-fault-crash = crash
log-fault-slow = slow ×{ $factor }
log-fault-error-rate = error rate { $rate }
log-fault-partition = network partition
log-fault-poison = poison { $fraction }
log-fault-started = fault: { $fault } for { $duration }
log-fault-started-until-cleared = fault: { $fault } for until cleared
log-fault-over = fault over: { $fault }
log-replica-down = down ({ $cause }): calls fail fast; { $cut_short } calls in progress cut short
log-node-down = down ({ $cause }): { $leaders } partition leaders offline; failover in { $failover_in }
log-started = started ({ $by })
log-evicted = evicted from the group ({ $by }); { $redelivered } messages redelivered
log-rebalance = rebalance ({ $why }): group paused for { $pause }
log-scaled = scaled from { $from } to { $to } instances ({ $why })
log-autoscaler = autoscaler: lag { $lag }, target { $target } per instance
log-partition-lost = partition { $partition }: { $lost } messages lost with { $node } ({ $reason })
log-alert-firing = alert `{ $name }` firing: { $what } of { $subject } { $value } { $op } { $threshold } for { $sustained }
log-reseeded = reseeded: every random stream re-derived from seed { $seed }
log-scaled-by-command = scaled from { $from } to { $to } instances
log-breaker-set = circuit breaker to `{ $service }` set to { $state }
log-redriven = redrive: { $selected } selected, { $redriven } republished, { $guarded } parked by the loop guard (dead-lettered more than { $loop_guard } times), { $refused } left in place (refused)
log-injected = inject { $fault } for { $duration }
log-injected-until-cleared = inject { $fault } for until cleared
log-recovered = recover now: { $cleared } faults cleared, { $repaired } repaired, { $restarted } restarted
log-rate-set = rate set to { $rate }/s
log-concurrency-set = concurrency set to { $concurrency }
log-errors-set = errors set to transient { $transient } business { $business } fatal { $fatal }
log-no-change = `{ $path }`: no change (the value is already set)
## The short phrases inside log entries (`engine::log::LOG_PHRASES`).
log-phrase-crash = crash
log-phrase-slow = slow
log-phrase-error-rate = error_rate
log-phrase-partition = partition
log-phrase-poison = poison
log-phrase-failure = failure
log-phrase-restarted-by-hand = restarted by hand
log-phrase-repaired = repaired
log-phrase-supervisor-restart = supervisor restart
log-phrase-heartbeat-lost-session-timeout = heartbeat lost: session timeout
log-phrase-left-out-of-the-rebalance = left out of the rebalance
log-phrase-replaced-by-its-restart = replaced by its restart
log-phrase-member-evicted = member evicted
log-phrase-member-joined = member joined
log-phrase-member-rejoined = member rejoined
log-phrase-scaled = scaled
log-phrase-command = command
log-phrase-live-change = live change
log-phrase-failure-rate = failure rate
log-phrase-p95-latency-ms = p95 latency (ms)
log-phrase-backlog = backlog
log-phrase-consumer-lag = consumer lag
log-phrase-availability = availability

## The checklist's sentences under each expectation (the GUI's checklist, `run`'s ✓/✗
## lines; the `--json` report's `sentence` reads the English).
check-between = between { $low } and { $high }
check-at-least = at least { $value }
check-at-most = at most { $value }
check-anything = anything
check-text = { $text }
check-no-value = { $path } has no value
check-zero-denominator = { $metric } / { $per } is undefined: { $per } is 0
check-metric-value = { $metric } = { $value }
check-ratio-value = { $metric } / { $per } = { $numerator } / { $denominator } = { $value }
check-when-end = at the end
check-when-at = at { $time }
check-so-far-expected = { $value } so far (expected { $expected } { $when })
check-value-expected = { $value } (expected { $expected })
check-value-at-expected = { $value } at { $time } (expected { $expected })
check-observed-late = { $sentence } (observed at { $now }, after { $at }: the run was not stopped at { $at })
check-not-reached = not reached: the run ended at { $now }, before { $decidable } ({ $sentence })
check-breaker-opens = breaker { $name } opens
check-breaker-half-opens = breaker { $name } goes half-open
check-breaker-closes = breaker { $name } closes
check-alert-fires = alert `{ $name }` fires
check-alert-resolves = alert `{ $name }` resolves
check-log-says = the event log says "{ $text }"
check-log-says-about = the event log says "{ $text }" about { $component }
check-times-never = never
check-times-exactly = { $count ->
    [one] exactly once
   *[other] exactly { $count } times
}
check-times-between = { $low } to { $high } times
check-times-at-least = { $count ->
    [one] at least once
   *[other] at least { $count } times
}
check-times-at-most = at most { $count } times
check-event-count = { $what }: { $count ->
    [0] no times
    [one] once
   *[other] { $count } times
} in { $window } (expected { $expected })
check-event-count-first = { $what }: { $count ->
    [0] no times
    [one] once
   *[other] { $count } times
} in { $window }, first at { $first } (expected { $expected })
check-value-at = { $value } at { $time }
check-range = min { $min }, max { $max }
check-series-no-sample = no sample of { $key } in { $window } yet (expected { $expected })
check-series-outside = { $key } was { $sample } (expected every sample in { $window } { $expected })
check-series-each = every sample of { $key } in { $window } { $expected }: { $range } ({ $samples } samples)
check-series-each-so-far = every sample of { $key } in { $window } so far { $expected }: { $range } ({ $samples } samples)
check-series-max = max of { $key } in { $window }: { $sample } (expected { $expected })
check-series-max-so-far = max of { $key } in { $window } so far: { $sample } (expected { $expected })
check-series-min = min of { $key } in { $window }: { $sample } (expected { $expected })
check-series-min-so-far = min of { $key } in { $window } so far: { $sample } (expected { $expected })
check-series-mean = mean of { $key } in { $window }: { $value } over { $samples } samples (expected { $expected })
check-series-mean-so-far = mean of { $key } in { $window } so far: { $value } over { $samples } samples (expected { $expected })
check-law-no-value = { $name } has no value yet
check-law-no-sample = no sample yet
check-law-nothing-processed = { $name } has processed nothing yet
check-law-no-availability = availability of { $name } has no value yet
check-law-model-mismatch = the law and its model do not match
check-law-no-time = no time has passed yet
check-law-no-timeline = no availability timeline for `{ $name }`
check-law-timeline-evicted = { $name } changed state too often for its timeline to cover the whole run (it keeps the last 512 changes), and the structure was not watched from the start of the run
check-law-little = L = { $l } messages (time-average lag of { $group }) vs λW = { $lambda }/s × { $w } ms = { $lw }
check-law-erlang-c = Erlang C with λ = { $lambda }/s, μ = { $mu }/s, c = { $c } (ρ = { $rho }) predicts W = { $predicted } ms; { $group } measured { $measured } ms
check-law-availability = { $component } was up { $observed } of the time; MTBF/(MTBF+MTTR) = { $mtbf }/({ $mtbf } + { $mttr }) = { $predicted }
check-law-parallel = at least one of { $group }'s { $instances } instances was up { $observed } of the time; 1 − Π(1 − Aᵢ) = 1 − (1 − { $each })^{ $instances } = { $predicted }
check-law-serial = { $components } were all up { $observed } of the time; Π Aᵢ = { $factors } = { $predicted }
check-law-deviation = { $sides }: { $deviation } (tolerance ±{ $tolerance })
check-law-so-far = { $sentence } so far
## The titles of expectations the author did not name.
check-title-metric = { $metric } { $expected }
check-title-metric-at = { $metric } at { $time } { $expected }
check-title-series-each = every sample of { $key } in { $window } { $expected }
check-title-series-max = max of { $key } in { $window } { $expected }
check-title-series-min = min of { $key } in { $window } { $expected }
check-title-series-mean = mean of { $key } in { $window } { $expected }
check-title-event = { $what } { $expected } in { $window }
check-title-little = Little's law L = λW holds for { $group } within ±{ $tolerance }
check-title-erlang-c = { $group }'s mean latency matches Erlang C within ±{ $tolerance }
check-title-availability = { $component }'s availability matches MTBF/(MTBF+MTTR) within ±{ $tolerance }
check-title-parallel = { $group } (any instance up) matches 1 − Π(1 − Aᵢ) within ±{ $tolerance }
check-title-serial = { $components } (all up) matches Π Aᵢ within ±{ $tolerance }

## The scenario validator's located messages. English is printed as the code writes it
## (`file:line:column: path: message (help)`); these frame it in another language.
scenario-located = { $location }: { $path }: { $message }
scenario-located-file = { $location }: { $message }
scenario-with-help = { $message } ({ $help })
## The common messages, as the validator writes them in English: a message (or help) that
## is exactly one of these, filled in, is shown translated; any other stays English. Keep
## each identical to the code's wording (`scenario::error` tests check a few).
scenario-msg-unknown-topic = unknown topic `{ $name }`
scenario-msg-unknown-service = unknown service `{ $name }`
scenario-msg-unknown-producer = unknown producer `{ $name }`
scenario-msg-unknown-group = unknown consumer group `{ $name }`
scenario-msg-unknown-client = unknown client `{ $name }`
scenario-msg-unknown-alert = unknown alert `{ $name }`
scenario-msg-unknown-component = unknown component `{ $name }`
scenario-msg-unknown-field = unknown field `{ $name }`
scenario-msg-unknown-field-in = unknown field `{ $name }` in `{ $outer }`
scenario-msg-unknown-variant = unknown variant `{ $name }`
scenario-msg-unknown-variant-of = unknown variant `{ $name }` of `{ $outer }`
scenario-msg-missing-field = missing field `{ $field }` (it has no default)
scenario-msg-missing-field-in = missing field `{ $field }` in `{ $outer }` (it has no default)
scenario-msg-field-twice = field `{ $field }` is given twice
scenario-msg-field-twice-in = field `{ $field }` is given twice in `{ $outer }`
scenario-msg-not-empty = must not be empty
scenario-msg-at-least = must be at least { $min }
scenario-msg-at-least-found = must be at least { $min }, found { $value }
scenario-msg-longer-than = must be longer than { $min }
scenario-msg-above-found = must be above { $min }, found { $value }
scenario-msg-more-than-found = must be more than { $min }, found { $value }
scenario-msg-probability = must be a probability between 0 and 1, found { $value }
scenario-msg-finite = must be a finite number, found { $value }
scenario-msg-above-limit = { $value } is above faultline's limit of { $limit }
scenario-msg-listed-twice = `{ $name }` is listed twice
scenario-msg-max-below-min = max ({ $max }) is less than min ({ $min })
scenario-msg-max-below-initial = max ({ $max }) is less than initial ({ $initial })
scenario-msg-max-above-min = max ({ $max }) must be above min ({ $min })
scenario-msg-expected-one-of = expected one of { $list }
scenario-msg-did-you-mean = did you mean `{ $name }`?
scenario-msg-no-scenario = the file has no scenario in it (it is empty or only comments)
scenario-msg-starts-with = a scenario starts with `Scenario(`
