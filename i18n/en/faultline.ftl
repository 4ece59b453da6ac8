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
menu-lessons-help = The tour of failures and the lessons: load one, or browse them with their summaries.
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
tab-cascade = Cascade
tab-cascade-count = Cascade ({ $count })
tab-cascade-help = Where the current incident started and how far it spread: the components in the order they left Ok (the first is the origin), their degraded and failing spans, and the breakers that opened.
cascade-none = No incident so far: every component has been healthy.
cascade-help = An incident starts when the first component leaves Ok and ends once all have been Ok for 10 s. Levels are the dashboard's rules replayed on each sample interval (error and failure shares, backlog, lag) and on the up/down timelines.
cascade-ongoing = Incident since { $from }, going on
cascade-ended = Incident from { $from } to { $to }, over
cascade-row = { $place } { $name } · { $at } · { $level }
cascade-row-origin = { $place } { $name } · { $at } · { $level } · origin
cascade-breaker = breaker { $caller } → { $service }
cascade-breaker-stopped = breaker { $caller } → { $service }: stopped the spread
cascade-opened-at = opened at { $at }
cascade-alert = alert { $alert } ({ $subject })
cascade-fired-at = fired at { $at }
cascade-stopped-why = It opened at { $at } while { $service } was not healthy, and { $topics } stayed healthy from then on: the failure did not spread past { $caller }.
graph-breaker-stopped = breaker { $group } to { $service } stopped the spread
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
theme-one-hop = One hop
theme-systems = Systems
theme-recovery = Recovery
theme-scaling = Scaling
theme-challenges = Challenges
theme-progress = { $done } of { $total } completed
theme-empty = None yet.
lessons-completed = Completed: { $done } of { $total } lessons
lessons-completed-help = A lesson is completed when a run of it (not one of its questions) reaches its end with every expectation of its checklist passed. Kept in this computer's settings.
lessons-reset = Reset
lessons-reset-help = Forget which lessons were completed (on this computer).
lesson-completed-help = Completed: a run of this lesson reached its end with every expectation passed.
lesson-caption = Lesson
lesson-all = All lessons
lesson-all-help = The tour and every lesson.
lesson-idea = The idea
lesson-watch = What to watch
lesson-questions = Questions
lesson-script = Done by the script
lesson-script-help = The lesson's own actions (a lecturer's redrive), applied at their time in every run.
lesson-action-redrive = redrive { $from }
lesson-action-add-partitions = grow { $topic } to { $partitions } partitions
lesson-action-reset-offsets = reset the offsets of { $group } to { $to }
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
challenge = Challenge
challenge-number = Challenge { $number }
challenge-goal = The goal
challenge-may-change = What you may change
challenge-may-change-help = Only these parameters, within these bounds; an attempt that changes anything else does not count.
challenge-bounds = { $min } to { $max }
challenge-run-attempt = Run attempt
challenge-run-attempt-help = Restart from 0 with your values and grade the run with the checklist.
challenge-attempt = Your attempt: { $changes }
challenge-attempt-unchanged = Your attempt: nothing changed
challenge-attempt-solution = The reference solution: { $changes }
challenge-does-not-count = Does not count: { $why }
challenge-met = Challenge met
challenge-not-met = Not met yet
challenge-hint-next = Show hint { $number } of { $count }
challenge-hint-of = Hint { $number } of { $count }: { $text }
challenge-show-solution = Show solution…
challenge-confirm-solution = Show the reference solution? Try the hints first: the solution ends the puzzle.
challenge-confirm-yes = Show it
challenge-confirm-no = Not yet
challenge-solution = Solution: { $changes }
challenge-run-solution = Run the solution
handout-story = The story
handout-numbers = The numbers, to redo by hand
handout-numbers-help = From the scenario file's header: every expectation below is derived from this arithmetic.
handout-captions = Timeline at 1×
handout-time = time
handout-caption = caption
handout-try = try it: faultline run { $file } --try { $number }, with
handout-checklist-help = What the run checks, and what a reference run (seed { $seed }, { $seconds } s of virtual time) observed.
handout-expectation = expectation
handout-observed = observed
handout-plots = The reference run over time
handout-answers = Answer key
lesson-handout = Handout…
lesson-handout-help = Save a printable handout of this lesson (HTML or Markdown): the story, the numbers to redo by hand, what to watch, the questions, the checklist and the charts of a reference run.
dialog-save-handout = Save the lesson's handout

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
balance-hash-mod = hash mod
balance-ring-hash = ring hash ({ $points } points per replica)
replica-down = DOWN
replica-ejected = ejected until { $until }
replica-up = up
replica-down-hc-ejected = DOWN, out of balancing (health check)
replica-hc-ejected = out of balancing (health check; passed { $passing } of { $threshold })
replica-hc-failing = failing health probes { $failing } of { $threshold }
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
edge-callee-errors = errors at the callee (all its callers)
edge-error-share = failing, this caller's calls
edge-latency-p50-p95 = latency p50 · p95 (last interval)
edge-retries-rate = retries
edge-totals = in all
edge-totals-value = { $calls } calls · { $failed } failed · { $retries } retries
edge-failed-by-class = failed by class
edge-call-help = What this caller saw of its own calls (every attempt it finished, its breaker's refusals included), as Kiali's edge shows the source's traffic. The edge's colour is its error share: orange from 5 %, red from 50 %.
edge-call-label = calls { $from } to { $to }: { $rate }, { $percent } failing, { $health }

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
reason-deleted-by-retention = deleted by retention
reason-skipped-by-offset-reset = skipped by offset reset
reason-acked-not-replicated-leader-crash = acked, not replicated (leader crash)
reason-not-enough-in-sync-replicas = not enough in-sync replicas
reason-not-acknowledged-leader-crash = not acknowledged (leader crash)
reason-unclean-leader-election = unclean leader election
reason-broker-busy = broker busy

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

plot-rebalance-mark = rebalance of { $group }: { $moved ->
    [one] 1 partition moved
   *[other] { $moved } partitions moved
}, { $protocol }, { $took }
plot-rebalance-eager = eager (whole group stopped)
plot-rebalance-cooperative = cooperative (only moved partitions paused)
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
plots-more-components = +{ $count } more
plots-more-components-help = The components with the largest newest values are drawn; these are not (select one for its own plots):
plots-cursor = cursor at { $time }
plots-cursor-remove-help = Remove the cursor.
plots-cursor-hint = Click a plot or an event-log time to place a cursor.
plots-journeys-near = 🔍 journeys near
plots-journeys-near-help = List the traced messages published in the sample interval at the cursor (shift-click a plot does the same); a click on one opens its journey.

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
metric-group-processed = processed/s
metric-group-p50-ms = p50 (ms)
metric-group-p99-ms = p99 (ms)
metric-service-calls = calls/s
metric-service-errors = errors/s
metric-service-busy = busy + queued
metric-service-p50-ms = p50 (ms)
metric-service-p99-ms = p99 (ms)
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
cli-challenge = challenge: { $goal }
cli-challenge-solution = the reference solution:
cli-challenge-attempt = the attempt:
cli-challenge-not-allowed = not allowed by the challenge: { $why }
cli-challenge-does-not-count = the attempt does not count: it changes what the challenge does not allow
cli-challenge-passed = challenge met
cli-challenge-failed = challenge not met
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
report-availability-whole = availability { $name } as a whole ({ $units } units): at least one up { $any }%{ $any-analytic }, all up { $all }%{ $all-analytic }
report-availability-structure = availability { $name }: { $observed }%{ $analytic }
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
export-dashboard-png = Dashboard as PNG…
export-dashboard-png-help = A picture of the whole window as it is now.
dialog-open-scenario = Open scenario
dialog-save-scenario = Save scenario
dialog-save-journey = Save journey as JSON
dialog-scenario-files = faultline scenario
dialog-save-picture = Save dashboard picture
dialog-save-sweep = Save sweep
dialog-save-fork-report = Save fork report
whatif-metric-throughput = throughput (msg/s)
whatif-metric-mean-latency = mean latency (ms)
whatif-metric-p99-latency = p99 latency (ms)
whatif-metric-dead-letters = dead letters
whatif-metric-lost = lost
whatif-metric-processed = processed
whatif-metric-availability = availability ({ $group })
sweep-metric-ci = { $metric } (95% CI)
fork-no-change = the same (no change)
fork-plot-throughput = Throughput (processed)
fork-plot-p99 = p99 latency
fork-plot-backlog = Backlog (work topics)
fork-plot-dead-letters = Dead letters
unit-msg-per-s = msg/s
unit-ms = ms
unit-msgs = msgs
params-section-help = { $path } — its fields follow
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
log-journeys-help = List the traced messages published in the sample interval of this line (a log line names a component, not a message); a click on one opens its journey.
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
dlq-journey = journey
dlq-journey-help = Its journey, when its root event is traced.
dlq-journey-open = 🔍 journey
dlq-journey-open-help = Open the journey of root event #{ $root } (this message's, with every message emitted from it).
dlq-journey-untraced = Not traced: its root event was not sampled (the scenario's `tracing.sample`), or `tracing.max_traces` journeys were already kept.
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
journeys-save = Save JSON…
journeys-save-help = Save this journey to a file, as `faultline trace --id ROOT --json` writes it.
journeys-loading = Opening the journey of message #{ $root }…
journeys-not-kept = The journey of message #{ $root } is not kept: its root was not sampled, `max_traces` journeys were already held when it was published, or the run went back to before it (a seek or a reset).
journeys-near = Traced messages published near { $time } ({ $count }):
journeys-near-help = The traced messages whose root event was published in the sample interval that holds this time (a row of the plots).
journeys-near-none = none in this interval
journeys-near-at = published at { $time }
journeys-near-more = and { $count } more
journeys-near-close = Close this list.

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
avail-in-sync = { $in_sync }/{ $replicas } copies in sync
avail-in-sync-under = { $in_sync }/{ $replicas } copies in sync · { $under } under-replicated
avail-in-sync-help = Of the partition copies on this node, those in their partition's in-sync set (serving, with the whole log), and the partitions it leads with fewer in-sync replicas than copies (Kafka's UnderReplicatedPartitions). acks All publishes are refused while a partition has fewer in-sync replicas than min_insync.
avail-node-load = load { $utilisation } · queue { $queue } · wait { $wait }
avail-node-load-refused = load { $utilisation } · queue { $queue } · wait { $wait } · { $refused } refused
avail-node-load-help = Produce requests at this node (with a broker request_cost or message_cost): the share of its I/O threads busy (Kafka's num.io.threads), the mean number of requests waiting for a thread, and their mean wait, since the statistics started. Beyond queued_max_requests waiting, requests are refused ("broker busy") and go to the producers' publish_retry.
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
avail-rebuilding = rebuilding its state: { $done } of { $events } events replayed
avail-state-rto = RTO { $rto } (its rebuild: { $events } events replayed in { $rebuild })
avail-state-no-rpo = RPO 0: its disk kept the snapshot, nothing lost
avail-state-rpo-backup = RPO { $events } events, { $span }: disk lost, back to the last backup
avail-state-rpo-empty = RPO { $events } events, { $span }: disk lost with no backup, the state started empty
avail-state-gap = { $events } events it needed were deleted by retention: a gap in its state
avail-incidents-help = Self-healing time = detect + diagnose + recover. Detected: the first sign something is wrong (heartbeat, failover, an alert). Diagnosed: the first sign naming the component (its own alert, a breaker opening on it). Recovered: it serves again.
avail-incident-cursor-help = Move the plots' cursor to the start of the incident.
avail-detected = detected after { $span } by { $by }
avail-not-detected = not detected (yet)
avail-diagnosed = diagnosed { $span } later by { $by }
avail-recovered = recovered at { $at }
avail-recovering = recovering…
avail-phases = detect { $detect } + diagnose { $diagnose } + recover { $recover } = { $total }
avail-open-for = open for { $span } · detect { $detect }
avail-fault-tolerance = fault tolerance { $percent } % ({ $good } of { $arrived } arrived done within objectives)
avail-fault-tolerance-none = fault tolerance – (nothing arrived)
avail-fault-tolerance-help = Deliveries processed within their group's latency objective while the incident lasted, over deliveries that arrived in that time (a backlog drained from before can lift it above 100 %).
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
component-client = Client
component-topic = Topic
component-consumer-group = Consumer group
component-service = Service
detail-close-help = Close the details.
detail-refused = The last change was refused: { $error }
detail-all-parameters = All parameters
detail-view-details = Details
detail-view-details-help = Its live numbers, live edits and fault buttons.
detail-view-plots = Plots over time
detail-view-plots-help = Its own throughput, latency, errors and backlog over time, on the plots' time axis and cursor (a service's replicas one line each).
cplot-throughput = Processed
cplot-latency = Latency (end to end)
cplot-errors = Errors
cplot-backlog = Backlog
cplot-calls = Calls
cplot-busy = Busy + queued
cplot-service-latency = Latency (at the service)
detail-live-edit = Live edit
detail-live-edit-errors = Live edit: errors
detail-live-edit-latency = Live edit: latency
detail-rate-varies = This producer's rate varies over time (ramp, steps or sine); it cannot be set to one value.
detail-messages-per-s = messages/s
detail-rate-help = The producer's mean rate; applied at the current virtual time.
detail-apply-rate = Apply rate
detail-apply-help = Change it now; the change is written to the event log.
detail-arrivals = arrivals
detail-arrivals-modulated = Markov-modulated, { $states } states: { $rates } (random stays)
detail-mean-rate-now = mean rate now
detail-failed-now = failed attempts now
detail-instances-up = instances up
detail-of = { $part } of { $whole }
detail-concurrency = concurrency
detail-prefetch = prefetch
detail-per-instance = { $count } per instance
detail-assignor = Assignor
detail-rebalances = Rebalances
detail-rebalances-value = { $count } · { $moved ->
    [one] 1 partition moved
   *[other] { $moved } partitions moved
} · { $paused } partition-s paused · stopped { $stopped }
detail-batches = Batch size, rate
detail-batches-value = { $size } of { $max } · { $rate }/s
detail-batch-commits = Batch commits
detail-batch-commits-value = { $commits } · refused fetches: { $refused }
detail-add-partition = Add a partition
detail-add-partition-help = Grow the topic by one partition (Kafka's kafka-topics --alter --partitions; partitions can only be added). Most keys move to another partition, and the groups reading it rebalance.
detail-keys-moved = Keys moved
detail-keys-moved-value = { $moved } ({ $hazards } with older messages left behind)
detail-instances = Instances
detail-rebuilding = ⟳ rebuilding { $percent }
detail-instance-seconds = cost (instance-seconds)
detail-autoscaler = Autoscaler
detail-autoscaler-help = Each change the autoscaler made, newest first: when, from how many instances to how many, and the rule with the numbers it saw (utilisation = lag / (instances × target backlog)).
detail-autoscaler-summary = { $policy } · { $decisions } decisions · { $starting } starting
detail-policy-proportional = proportional (HPA: ceil(lag / target))
detail-policy-step = step (+{ $up_by } above { $up_above }, −{ $down_by } below { $down_below })
detail-reason-proportional = ceil(lag { $lag } / target { $target }) (utilisation { $utilisation })
detail-scaled-from-to = { $from } to { $to }
detail-reason-step-up = utilisation { $utilisation } > { $threshold } (lag { $lag })
detail-reason-step-down = utilisation { $utilisation } < { $threshold } (lag { $lag })
detail-health-check = Health check
detail-health-check-help = Probes every instance at each multiple of the interval; after the threshold of failed probes in a row the action runs. A crash is acted on between (k−1)·interval and k·interval after it.
detail-health-check-probes = every { $interval }, timeout { $timeout }: out after { $unhealthy } failed, back after { $healthy } passed
detail-health-restart = restart
detail-health-eject = eject
detail-health-summary = every { $interval }, { $threshold } failures → { $action } · { $failed } failed probes · { $restarts } restarts · { $ejections } ejected · { $refused } refused
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
detail-load-imbalance = load imbalance (busiest replica ÷ mean)
detail-keys-moved-last = keys moved by the last membership change
detail-calls-rerouted = calls away from their key's home replica
detail-retries-denied-by-budget = retries refused by its budget
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
log-probe-ejected = out of balancing: failed { $failures } health probes in a row
log-probe-returned = back in balancing: passed { $passes } health probes in a row
log-crashed = crash: { $lost } messages lost from its memory wait for the broker to redeliver them
log-crashed-failure = failure: { $lost } messages lost from its memory wait for the broker to redeliver them
log-cut-off = cut off from the broker: cannot fetch, ack or commit; keeps working on the { $held } messages it holds
log-reconnected = reconnected to the broker
log-supervisor-noticed = supervisor noticed it is down; restart in { $delay }
log-crash-loop = restarted and crashed again: the cause persists (CrashLoopBackOff); next restart in { $delay }
log-crash-cause-gone = the crash's cause is gone, but nothing restarts the process (no supervisor): it stays down until recovered by command
log-repaired-but-crashed = repaired, but a crash fault keeps it down
log-switching-in = standby spare switching in: takes the empty active slot in { $delay }
log-waiting-for-crew = failed; the repair crew is busy: waits for a repairer ({ $waiting } waiting)
log-common-cause-shock = common-cause shock: { $down } instances down at once
log-rebalance-done = rebalance done: { $partitions } partitions over { $members } members
log-rebalance-done-idle = { $done }; idle (more members than partitions): { $idle }
log-failover = failover: { $moved } partitions now led by replicas, { $stuck } stay offline (no replica serving)
log-serving-again = serving again; leads { $partitions } partitions that were offline
log-dead-letters = { $count } dead letters in the last { $interval }
log-fault-crash = crash
log-fault-disk-loss = crash with disk loss
log-disk-lost-backup = disk lost: back to the last backup, { $since } ago; { $lost } events applied since are lost (RPO)
log-disk-lost-no-backup = disk lost with no backup: the state starts empty; { $lost } applied events are lost (RPO)
log-rebuild-started = rebuilding its state: replays { $events } events from the log in { $duration } before it takes traffic
log-rebuild-started-gap = rebuilding its state: replays { $events } events from the log in { $duration }; { $deleted } more were deleted by retention and are lost from the state
log-rebuild-done = state rebuilt: rejoins the group
log-fault-slow = slow ×{ $factor }
log-fault-error-rate = error rate { $rate }
log-fault-partition = network partition
log-fault-poison = poison { $fraction }
log-fault-started = fault: { $fault } for { $duration }
log-fault-started-until-cleared = fault: { $fault } until cleared
log-fault-over = fault over: { $fault }
log-replica-down = down ({ $cause }): calls fail fast; { $cut_short } calls in progress cut short
log-node-down = down ({ $cause }): { $leaders } partition leaders offline; failover in { $failover_in }
log-started = started ({ $by })
log-alert-acted = alert { $alert } acted: { $did }
log-alert-action-failed = alert { $alert }: its action failed: { $error }
log-health-restarted = failed { $failures } health probes in a row: restarted
log-health-ejected = failed { $failures } health probes in a row: ejected from the group
log-health-still-down = failed { $failures } health probes in a row: restart refused, the crash's cause persists
log-evicted = evicted from the group ({ $by }); { $redelivered } messages redelivered
log-rebalance = rebalance ({ $why }): group paused for { $pause }
log-scaled = scaled from { $from } to { $to } instances ({ $why })
log-autoscaler = autoscaler: lag { $lag }, target { $target } per instance
log-partition-lost = partition { $partition }: { $lost } messages lost with { $node } ({ $reason })
log-alert-firing = alert `{ $name }` firing: { $what } of { $subject } { $value } { $op } { $threshold } for { $sustained }
log-reseeded = reseeded: every random stream re-derived from seed { $seed }
log-scaled-by-command = scaled from { $from } to { $to } instances
log-breaker-set = circuit breaker to `{ $service }` set to { $state }
log-partitions-added = partitions { $from } → { $to }: { $moved } of { $keys } keys now go to another partition, { $hazards } of them with older messages still waiting in the old one (their order may break)
log-offsets-reset = offsets reset to { $to }: { $replayed } records read again, { $skipped } unread messages skipped
log-redriven = redrive: { $selected } selected, { $redriven } republished, { $guarded } parked by the loop guard (dead-lettered more than { $loop_guard ->
        [one] { $loop_guard } time
       *[other] { $loop_guard } times
    }), { $refused } left in place (refused)
log-injected = inject { $fault } for { $duration }
log-injected-until-cleared = inject { $fault } until cleared
log-recovered = recover now: { $cleared } faults cleared, { $repaired } repaired, { $restarted } restarted
log-rate-set = rate set to { $rate }/s
log-concurrency-set = concurrency set to { $concurrency }
log-errors-set = errors set to transient { $transient } business { $business } fatal { $fatal }
log-no-change = `{ $path }`: no change (the value is already set)
log-not-simulated = configured but not simulated yet (parsed and validated only): { $fields }
## A run stopped at a resource limit (`engine::halt`).
halt-messages-held = the run stopped at { $at }: it holds { $held } messages ({ $in_system } in the system, { $dead_letters } dead letters kept for redrive, { $awaiting_commit } processed awaiting an offset commit), faultline's limit is { $limit } (a topic with a large capacity filling faster than it drains, or a long commit_interval at a high rate? lower the capacity, add an overflow policy, consume faster or commit more often)
## Why a command was refused (`engine::CommandError`); names and paths stay as written.
noun-caller = caller
noun-consumer-group = consumer group
noun-producer = producer
noun-service = service
noun-topic = topic
noun-consumer-instance = consumer instance
noun-broker-node = broker node
noun-service-replica = service replica
command-unknown-component = no { $kind } named `{ $name }`
command-instances-out-of-range = invalid value: instances must lie in 1..={ $max }, got { $instances }
command-too-many-instances = invalid value: { $instances } instances here and { $elsewhere } in the other groups is above faultline's limit of { $limit } instances in all
command-too-many-instances-autoscaled = invalid value: { $instances } instances here (up to { $counted } with its autoscaler) and { $elsewhere } in the other groups is above faultline's limit of { $limit } instances in all
command-no-dead-letters = invalid value: topic `{ $topic }` holds no dead letters
command-partition-count = `{ $topic }` has { $from } partitions: a topic's partitions can only grow, up to { $max } (Kafka refuses to remove partitions)
command-no-retention = `{ $group }` cannot reset its offsets: its topic `{ $topic }` keeps nothing after consumption (give it a retention, e.g. retention: "10m")
command-invalid-value = invalid value: { $reason }
command-too-many-faults = at most { $max } faults per run
command-no-breaker-on-calls = `{ $caller }` has no circuit breaker on its calls to `{ $service }`
command-no-breaker = `{ $caller }` has no circuit breaker
command-rate-of-renewal = producer `{ $producer }` draws its gaps from a distribution, which has no rate to set (set `producers.{ $producer }.rate.gap` to another distribution instead)
command-rate-of-time-varying = producer `{ $producer }` has a time-varying arrival process; its rate cannot be set to one value (set `producers.{ $producer }.rate` to a whole arrival process instead)
command-problem-at = { $path }: { $problem }
command-problem-separator = ;{" "}
command-invalid-change = { $path }: the scenario would not be valid: { $problems }
command-not-live = `{ $path }` cannot change while the simulation runs: { $reason }
command-log-full = the command log is full ({ $max } commands); save the session and start a new one
command-replay-past = cannot replay a command at { $at } (after { $events } events): the run is already past it
fault-error-unknown-target = unknown fault target `{ $name }` (targets are services, replicas `service/N`, producers, consumer groups, instances `group/N`, topics and broker nodes `broker/N`)
fault-error-unknown-target-suggested = unknown fault target `{ $name }`; did you mean `{ $suggestion }`? (targets are services, replicas `service/N`, producers, consumer groups, instances `group/N`, topics and broker nodes `broker/N`)
fault-error-not-applicable = `{ $name }` is a { $target } and cannot have a { $kind } fault (it accepts { $accepted })
fault-error-slow-factor = Slow factor must be above 1 (a slow-down), got { $factor }
fault-error-probability = probability must lie in [0, 1], got { $value }
path-error = `{ $path }`: { $reason }
path-no-segment = no `{ $segment }` here
path-did-you-mean = { $text }; did you mean `{ $name }`?
path-there-is = { $text } (there is: { $list })
## What the dashboard could not do (`ui::runner::Refusal`).
refusal-seek-back = could not go back to { $at }: { $reason }
refusal-replay-command = command { $index } ({ $at }): { $reason }
refusal-replay-stopped = replay stopped: { $reason }
## The experiments' refusals (`experiment::ExperimentError`, `experiment::RunLengthError`,
## `experiment::AssignmentError`, `scenario::dotted::NumberError`).
experiment-metric = metric { $error }
experiment-set = --set { $error }
experiment-invalid-point = --set { $assignment }: { $reason }
experiment-more-problems = { $problems }; and { $more } more problems
experiment-repeated-set = --set { $first } and --set { $second } both set { $field }; give each field once (all its values in one --set)
experiment-warmup-too-long = the warm-up ({ $warmup }) is not shorter than the run ({ $duration })
experiment-seed-overflow = { $replications } replications from seed { $first } would need seeds past { $max } (the largest seed); choose a first seed of at most { $most }
experiment-too-many-runs = the sweep asks for { $points } × { $replications } replications = { $runs } runs, more than the limit of { $limit } (every run is a whole simulation: that is days of computing); split the grid into several sweeps or use fewer values
experiment-points = { $count } points
experiment-points-past-64-bits = more than 2^64 points
experiment-runs-past-64-bits = more than 2^64
experiment-cancelled = cancelled
experiment-change-refused = change refused: { $error }
experiment-no-horizon = the horizon must be longer than zero
experiment-run-length-no-time = a run of no time measures nothing; give a length longer than zero
experiment-run-length-past-limit = { $length } is past { $max }, the ten-year limit of a run (scenarios are validated to it too)
experiment-assignment-no-equals = `{ $text }`: expected PATH=V1,V2,... (e.g. consumers.payments.concurrency=4,8)
experiment-assignment-bad-path = `{ $text }`: the path must be dotted names, e.g. producers.checkout.rate.per_second
experiment-assignment-no-values = `{ $text }`: no values after `=`
experiment-assignment-unclosed = `{ $text }`: the `{ $open }` at column { $column } is never closed
experiment-assignment-unopened = `{ $text }`: the `{ $close }` at column { $column } closes nothing
experiment-assignment-mismatched = `{ $text }`: the `{ $close }` at column { $column } does not close the `{ $open }` at column { $open-column }
experiment-assignment-unclosed-string = `{ $text }`: the string opened at column { $column } is never closed (a `"` is missing)
number-error-not-a-number = `{ $path }` names { $found }, not a number
number-error-numbers-under = { $text }; the numbers under it: { $list }
number-error-numbers-under-more = { $text }; the numbers under it: { $list }, and { $more } more
number-found-object = an object
number-found-list = a list
number-found-string = a string ({ $text })
number-found-null = nothing (null)
number-found-out-of-range = a number out of range
## The fork and sweep windows' refusals (`ui::panels::whatif::WhatIfError`).
whatif-error-not-a-change = `{ $line }`: write PATH=VALUE, e.g. consumers.payments.retry.max_attempts=1
whatif-error-length = { $field }: { $error }
whatif-error-length-written = { $field } `{ $text }`: { $error }
whatif-error-field-horizon = horizon
whatif-error-field-warm-up = warm-up
whatif-error-run-length = run length: { $error }
whatif-error-no-metric = choose at least one metric
whatif-error-job-spawn = could not start a thread: { $error }
whatif-error-job-vanished = the job stopped without a result
whatif-error-more-lines = … and { $count } more
## `faultline compare`, `fork` and `sweep` on the command line.
cli-error = error: { $message }
cli-fork-after-the-end = --at { $at }: after the end of the run ({ $end }); fork at or before it
cli-fork-no-future = --at { $at } is the end of the run: no future is left to compare; fork earlier, or give --horizon
cli-fork-past-the-limit = --at { $at } with a horizon of { $horizon } runs to { $until }, past { $max }, the ten-year limit of a run
## The short phrases inside log entries (`engine::log::LOG_PHRASES`).
log-phrase-crash = crash
log-phrase-slow = slow
log-phrase-error-rate = error_rate
log-phrase-partition = partition
log-phrase-poison = poison
log-phrase-failure = failure
log-phrase-restarted-by-hand = restarted by hand
log-phrase-repaired = repaired
log-phrase-repaired-on-standby = repaired, on standby
log-phrase-spare-switched-in = spare switched in
log-phrase-supervisor-restart = supervisor restart
log-phrase-health-check = health check
log-phrase-health-check-restart = health check restart
log-phrase-start-up-done = start-up done
log-phrase-instance-ejected = instance ejected
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
check-law-k-out-of-n = at least { $k } of { $group }'s { $instances } instances were up { $observed } of the time; Σ C(n,i)·A^i·(1 − A)^(n−i) over i = { $k }…{ $instances } with A = { $each } gives { $predicted }
check-title-k-out-of-n = { $group } (at least { $k } instances up) matches Σ C(n,i)·A^i·(1 − A)^(n−i), i ≥ { $k }, within ±{ $tolerance }
check-law-standby = at least { $k } of { $group }'s { $slots } active slots served { $observed } of the time; the Markov chain of { $instances } instances (spares: { $spares }), λ = { $lambda }/s, μ = { $mu }/s, crew { $crew }, shocks { $shocks }/s gives { $predicted }
check-title-standby-all = { $group } (every active slot serving) matches its Markov chain within ±{ $tolerance }
check-title-standby = { $group } (at least { $k } active slots serving) matches its Markov chain within ±{ $tolerance }
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
## Why a field cannot change while the simulation runs (`engine::live::refusal`), and the live changes' own refusals: recognised as templates like the validator's messages.
scenario-msg-not-live-components = components cannot be added, removed or renamed while the simulation runs (each has random streams, metrics series and wiring set up at the start); edit the scenario and start it again
scenario-msg-not-live-wiring = it is wiring, fixed while the simulation runs; edit the scenario and start it again
scenario-msg-not-live-structure = a group's spares, repair crew and common-cause shocks are its reliability structure, set up with its instances' roles and repair queue when it starts; edit the scenario and start it again
scenario-msg-not-live-state = a group's state, snapshots and backups are set up with its instances' state stores when it starts; edit the scenario and start it again
scenario-msg-not-live-batch = a group's batches are set up with its instances' poll loops and its commits per batch when it starts; edit the scenario and start it again
scenario-msg-not-live-seed = the seed decides every random stream from time zero; fork the run and reseed it for fresh randomness, or start a new run with another seed
scenario-msg-not-live-name = the scenario's name identifies it in reports and sessions
scenario-msg-not-live-replicas-placed = partition replicas are placed on the nodes when the cluster starts; moving them is a partition reassignment, which faultline does not model
scenario-msg-not-live-broker-cost = a broker's I/O threads and request costs are set up with the cluster, each node's request queue with them; edit the scenario and start it again
scenario-msg-not-live-faults = the scheduled faults are fixed while the simulation runs; inject a fault now with the InjectFault command
scenario-msg-not-live-queue-discipline = a service's queue discipline is how its replicas hold their calls (a waiting queue, or the remaining work of calls sharing the capacity); switching it with calls in progress is not modelled: edit the scenario and start it again
scenario-msg-not-live-service-replicas = a service's replicas are its hosts, each with its own queue, streams and availability unit; adding or removing hosts live is not modelled: edit the scenario and start it again
scenario-msg-not-live-max-priority = a queue's priority classes are fixed when it is declared (RabbitMQ's `x-max-priority` is a queue argument that cannot change); edit the scenario and start it again
scenario-msg-not-live-partitions = the partition count decides which partition every key goes to; changing it moves keys and breaks their order (Kafka can only add partitions, and warns about exactly this)
scenario-msg-not-live-calls = which services the handler calls is wiring, fixed while the simulation runs (its work, timeout and on_emit_refused can change)
scenario-msg-not-live-flow = the event flow (emits, filters, event types and max_hops) is wiring, fixed while the simulation runs; edit the scenario and start it again
scenario-msg-not-live-ordering = the unit of order (key or partition) decides what every message being handled holds; switching it live would leave those holds of the wrong kind; edit the scenario and start it again
scenario-msg-not-live-delivery = switching between partitioned (Kafka) and competing (RabbitMQ) delivery is a redeployment against another broker protocol, not a setting; edit the scenario and start it again
scenario-msg-not-live-saga = a saga's coordinator and steps are wiring (its sagas in progress are on those steps); edit the scenario and start it again
scenario-msg-not-live-alert = an alert's metric and subject are wiring, fixed while the simulation runs (its threshold and `for` can change)
scenario-msg-not-live-not-a-parameter = not a parameter of the running system
scenario-msg-duration-before-now = duration { $duration } ends before now ({ $now })
## A change written PATH=VALUE (`scenario::change`: a lesson's question, `run --try`, a live change): why it cannot be applied. serde's and ron's own texts for a value that does not fit are recognised like the messages above.
change-error-syntax = `{ $change }`: expected PATH=VALUE, e.g. consumers.payments.retry.jitter=Full
change-error-several-values = `{ $change }`: a change sets one value (sweep's V1,V2,... lists belong to `faultline sweep`)
change-error-teaching = `{ $change }`: a change is to the simulated system (and the lesson's actions); `expect` and the rest of `lesson` are not changed this way
change-error-value = `{ $change }`: { $message }
plan-error-no-lesson = the scenario has no lesson, so no questions to try
plan-error-no-challenge = the scenario has no challenge, so no reference solution to try
plan-error-attempt = the changes: { $reason }
plan-error-no-question = there is no question { $asked }: the lesson has { $count } (numbered from 1)
plan-error-invalid = question { $question }: { $reason }
scenario-msg-change-not-written-out = `{ $name }` is not written out in the scenario's text
scenario-msg-change-in-the-value = { $text-error } (in the value `{ $list-value }`)
scenario-msg-value-unknown-variant = unknown variant `{ $name }`, expected { $text-expected }
scenario-msg-value-unknown-field = unknown field `{ $name }`, expected { $text-expected }
scenario-msg-value-invalid-type = invalid type: { $text-found }, expected { $text-expected }
scenario-msg-value-invalid-value = invalid value: { $text-found }, expected { $text-expected }
scenario-msg-value-invalid-length = invalid length { $count }, expected { $text-expected }
scenario-msg-value-missing-field = missing field `{ $name }`
scenario-msg-value-duplicate-field = duplicate field `{ $name }`
scenario-msg-phrase-one-of = one of { $list }
scenario-msg-phrase-no-variants = there are no variants
scenario-msg-phrase-no-fields = there are no fields
scenario-msg-phrase-serde-string = string "{ $list-value }"
scenario-msg-phrase-serde-integer = integer `{ $name }`
scenario-msg-phrase-serde-float = floating point `{ $name }`
scenario-msg-phrase-serde-boolean = boolean `{ $name }`
scenario-msg-phrase-serde-character = character `{ $list-char }`
scenario-msg-phrase-serde-null = null
scenario-msg-phrase-serde-unit-value = unit value
scenario-msg-phrase-serde-option-value = Option value
scenario-msg-phrase-serde-sequence = sequence
scenario-msg-phrase-serde-map = map
scenario-msg-phrase-serde-string-kind = string
scenario-msg-phrase-serde-enum = enum
scenario-msg-phrase-serde-unit-variant = unit variant
scenario-msg-phrase-serde-newtype-variant = newtype variant
scenario-msg-phrase-serde-tuple-variant = tuple variant
scenario-msg-phrase-serde-struct-variant = struct variant
scenario-msg-phrase-serde-u8 = u8
scenario-msg-phrase-serde-u32 = u32
scenario-msg-phrase-serde-u64 = u64
scenario-msg-phrase-serde-usize = usize
scenario-msg-phrase-serde-f64 = f64
scenario-msg-phrase-ron-expected-string = Expected string
scenario-msg-phrase-ron-expected-integer = Expected integer
scenario-msg-phrase-ron-expected-float = Expected float
scenario-msg-phrase-ron-expected-boolean = Expected boolean
scenario-msg-phrase-ron-expected-comma = Expected comma
scenario-msg-phrase-ron-expected-colon = Expected colon
scenario-msg-phrase-ron-expected-identifier = Expected identifier
scenario-msg-phrase-ron-expected-closing = Expected closing `{ $name }`
scenario-msg-phrase-ron-expected-opening = Expected opening `{ $name }`
scenario-msg-phrase-ron-expected-opening-struct = Expected opening `(` for struct `{ $name }`
scenario-msg-phrase-ron-expected-struct = Expected struct `{ $name }` but found `{ $found }`
scenario-msg-phrase-ron-end = Unexpected end of RON
scenario-msg-phrase-ron-out-of-bounds = Integer is out of bounds
scenario-msg-phrase-ron-trailing = Non-whitespace trailing characters
scenario-msg-phrase-ron-unexpected-char = Unexpected char { $list-char }
scenario-msg-phrase-ron-invalid-value = Expected { $text-expected } but found { $text-found } instead
scenario-msg-phrase-ron-missing-field = Unexpected missing field named `{ $name }`
scenario-msg-phrase-ron-missing-field-in = Unexpected missing field named `{ $name }` in `{ $outer }`
scenario-msg-phrase-ron-duplicate-field = Unexpected duplicate field named `{ $name }`
scenario-msg-phrase-ron-duplicate-field-in = Unexpected duplicate field named `{ $name }` in `{ $outer }`
scenario-msg-phrase-ron-unknown-field = Unexpected field named `{ $name }`, { $text-alternatives }
scenario-msg-phrase-ron-unknown-field-in = Unexpected field named `{ $name }` in `{ $outer }`, { $text-alternatives }
scenario-msg-phrase-ron-unknown-variant = Unexpected enum variant named `{ $name }`, { $text-alternatives }
scenario-msg-phrase-ron-unknown-variant-in = Unexpected variant named `{ $name }` in enum `{ $outer }`, { $text-alternatives }
scenario-msg-phrase-ron-expected-instead = expected `{ $name }` instead
scenario-msg-phrase-ron-expected-either = expected either `{ $name }` or `{ $other }` instead
scenario-msg-phrase-ron-expected-one-of = expected one of { $list }, or `{ $name }` instead
## A scenario file's syntax and type errors (`scenario::parse`), recognised like the validator's messages; ron's own text for its rarest errors stays English.
scenario-msg-series-are-quoted = `{ $name }` series are { $list }
scenario-msg-parse-ends-early = the file ends early
scenario-msg-parse-ends-early-after = the file ends early after { $text-token }
scenario-msg-parse-ends-early-open = the file ends early: `{ $name }` opened at { $at } is never closed
scenario-msg-parse-ends-early-after-open = the file ends early after { $text-token }: `{ $name }` opened at { $at } is never closed
scenario-msg-parse-string-never-closed = this string is never closed: the file ends inside it
scenario-msg-parse-close-it-with = close it with `{ $name }`
scenario-msg-parse-close-it-with-hashes = close it with `"` and { $count } `#`
scenario-msg-parse-comment-never-closed = this `/*` comment is never closed
scenario-msg-parse-string-runs-on = the string opened at { $at } runs onto the next line: is its closing `"` missing?
scenario-msg-parse-unexpected-in = unexpected `{ $part }` in `{ $name }`
scenario-msg-parse-expected-separator-after = expected `,` or a closing bracket after { $text-value }, found { $text-found }
scenario-msg-parse-expected-separator = expected `,` or a closing bracket, found { $text-found }
scenario-msg-parse-needs-parentheses = `{ $name }` needs its value in parentheses: `{ $name }(...)`, found { $text-found }
scenario-msg-parse-expected-found = expected { $text-expected }, found { $text-found }
scenario-msg-parse-expected-length = expected { $text-expected }, found { $count } value(s)
scenario-msg-parse-negative = `{ $name }` is negative; this field takes a whole number from 0 up
scenario-msg-parse-too-large = the number `{ $name }` is too large for this field
scenario-msg-parse-malformed-number = malformed number: { $text-why }
scenario-msg-parse-duration-help = durations are strings with a unit, e.g. "250ms"
scenario-msg-parse-double-quotes-help = strings are written in double quotes: "{ $word }"
scenario-msg-parse-byte-string-help = text is written without the `b` of a byte string
scenario-msg-parse-list-of-one-help = a list of one is written in brackets: ["name"]
scenario-msg-parse-field-outside-struct = `{ $name }` is a field, outside any struct here: does the `)` at { $closed } close the entry opened at { $opened } too early?
scenario-msg-parse-no-fields-allowed = no fields are allowed here
scenario-msg-parse-no-variants-allowed = no variants are allowed here
scenario-msg-parse-too-deep = nested too deeply (more than { $limit } levels of brackets)
scenario-msg-parse-trailing = unexpected { $text-found } after the end of the scenario
scenario-msg-parse-unexpected = unexpected { $text-found }
scenario-msg-parse-invalid-escape = invalid escape `{ $list-escape }` in a string: { $text-why }
scenario-msg-parse-unicode-escape-help = a Unicode escape is 1 to 6 hex digits in braces naming a character, e.g. \u{"{"}e9{"}"}
scenario-msg-parse-hex-escape-help = \x takes two hex digits, 00 to 7F
scenario-msg-parse-escapes-help = escapes are \n, \t, \", \\ and \u{"{"}...{"}"}; a backslash itself is written \\
scenario-msg-phrase-non-hex-digit = non-hex digit found
scenario-msg-phrase-not-byte-escaped = not a valid byte-escaped Unicode character
scenario-msg-phrase-missing-brace = missing {"{"} in Unicode escape
scenario-msg-phrase-no-digits = expected 1-6 digits, got 0 digits in Unicode escape
scenario-msg-phrase-no-closing-brace = no {"}"} at the end of Unicode escape
scenario-msg-phrase-not-unicode-escaped = not a valid Unicode-escaped character
scenario-msg-phrase-unknown-escape = unknown escape character
scenario-msg-phrase-unicode-in-byte = unexpected Unicode escape in byte literal
scenario-msg-phrase-underscore-in-float = unexpected underscore in float
scenario-msg-phrase-leading-underscore = unexpected leading underscore in a number
scenario-msg-phrase-invalid-digit = invalid digit { $list-digit } for base { $base } integers
scenario-msg-phrase-the-string = the string "{ $list-value }"
scenario-msg-phrase-the-byte-string = the byte string b"{ $list-value }"
scenario-msg-phrase-the-number = the number `{ $name }`
scenario-msg-phrase-the-character-literal = the character literal `{ $list-char }`
scenario-msg-phrase-the-character-code = the character U+{ $code }
scenario-msg-phrase-backtick = ```
scenario-msg-phrase-the-end-of-the-file = the end of the file
scenario-msg-phrase-a-whole-number = a whole number
scenario-msg-phrase-a-number = a number
scenario-msg-phrase-a-string-in-quotes = a string in double quotes
scenario-msg-phrase-a-list = a list in `[...]`
scenario-msg-phrase-a-character-literal = a character literal
scenario-msg-phrase-a-field-name = a field name
scenario-msg-phrase-a-string = a string
scenario-msg-phrase-a-boolean = a boolean
scenario-msg-phrase-struct = struct { $name }
scenario-msg-phrase-enum = enum { $name }
scenario-msg-phrase-the-boolean = the boolean `{ $name }`
scenario-msg-phrase-the-unsigned-integer = the unsigned integer `{ $name }`
scenario-msg-phrase-the-signed-integer = the signed integer `{ $name }`
scenario-msg-phrase-the-float = the floating point number `{ $name }`
scenario-msg-phrase-the-utf8-character = the UTF-8 character `{ $list-char }`
scenario-msg-phrase-a-unit-value = a unit value
scenario-msg-phrase-an-optional-value = an optional value
scenario-msg-phrase-a-newtype-struct = a newtype struct
scenario-msg-phrase-a-sequence = a sequence
scenario-msg-phrase-a-map = a map
scenario-msg-phrase-an-enum = an enum
scenario-msg-phrase-a-unit-variant = a unit variant
scenario-msg-phrase-a-newtype-variant = a newtype variant
scenario-msg-phrase-a-tuple-variant = a tuple variant
scenario-msg-phrase-a-struct-variant = a struct variant
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
scenario-msg-more-problems = and { $count } more problems, from here on (fix these first)
scenario-msg-cannot-open = cannot open the file: { $text-reason }
scenario-msg-cannot-read = cannot read the file: { $text-reason }
scenario-msg-no-such-file = no such file
scenario-msg-permission-denied = permission denied
scenario-msg-is-a-directory = it is a directory
scenario-msg-file-too-large = the file is larger than { $limit } MiB; scenarios are small text files
scenario-msg-not-utf8 = the file is not UTF-8 text: invalid byte 0x{ $byte }
scenario-msg-save-as-utf8 = save the scenario as UTF-8
scenario-msg-unknown-noun = unknown { $text-noun } `{ $name }`
scenario-msg-noun-service = service
scenario-msg-noun-topic = topic
scenario-msg-noun-producer = producer
scenario-msg-noun-group = consumer group
scenario-msg-noun-client = client
scenario-msg-noun-alert = alert
scenario-msg-noun-saga = saga
scenario-msg-noun-breaker = breaker
scenario-msg-noun-dead-letter-store = dead-letter store
scenario-msg-noun-component = component
scenario-msg-a-service = a service
scenario-msg-a-topic = a topic
scenario-msg-a-producer = a producer
scenario-msg-a-group = a consumer group
scenario-msg-a-instance = a consumer instance
scenario-msg-a-broker-node = a broker node
scenario-msg-a-replica = a service replica
scenario-msg-phrase-or = { $text-first } or { $text-last }
scenario-msg-phrase-comma = { $text-first }, { $text-rest }
scenario-msg-phrase-quoted = `{ $name }`
scenario-msg-phrase-whose = a { $text-noun }'s
scenario-msg-phrase-at-least-zero = at least 0
scenario-msg-phrase-above-zero = above 0
scenario-msg-share = must be above 0 and at most { $max }, found { $value }
scenario-msg-rate-bound = must be { $text-bound } per second, found { $value }
scenario-msg-rate-above-limit = { $value } per second is above faultline's limit of { $limit } per second
scenario-msg-rate-below-floor = { $value } per second is below faultline's smallest rate of { $limit } per second (one event in 11.6 days)
scenario-msg-write-zero = write 0 for no events at all
scenario-msg-raise-it = raise it
scenario-msg-under-floor = { $value } is under faultline's floor of { $floor }: { $text-why } would repeat too often to simulate
scenario-msg-why-auto-commits = auto-commits
scenario-msg-why-restarts = a crash loop's restarts
scenario-msg-why-autoscaler = the autoscaler's checks
scenario-msg-why-health-probes = health probes
scenario-msg-no-instances-to-restart = { $text-target } (`{ $name }`) has no instances to restart; name a consumer group or a consumer instance
scenario-msg-scale-by-zero = must not be 0 (the action would change nothing)
scenario-msg-positive-found = must be above 0, found { $value }
scenario-msg-non-negative-found = must be at least 0, found { $value }
scenario-msg-step-thresholds = { $down } is not below up_above ({ $up }): a utilisation between them must leave the count alone
scenario-msg-health-check-standby = cannot be combined with `standby` (a failed active instance is replaced by a spare, not restarted or ejected)
scenario-msg-why-state-changes = its changes of state
scenario-msg-total = { $text-what } add up to { $sum }, above faultline's limit of { $limit } in all ({ $text-why })
scenario-msg-total-partitions = partitions
scenario-msg-total-partitions-why = each partition is a queue in memory, one per subscribing group
scenario-msg-total-instances = consumer instances
scenario-msg-total-instances-why = counting each autoscaled group at its max; each instance has buffers, timers and a heartbeat
scenario-msg-total-cells = circuit-breaker window cells
scenario-msg-total-cells-why = a count window keeps a cell per call, a time window one per second, one breaker per called service
scenario-msg-total-dedup = dedup ids
scenario-msg-total-dedup-why = every idempotent consumer may remember its dedup_window.max_ids
scenario-msg-total-keys = keys read by the groups
scenario-msg-total-keys-why = each group remembers the newest message of every key it reads, to count order violations
scenario-msg-longer-than-limit = { $value } is longer than faultline's limit of { $limit } (ten years)
scenario-msg-sample-every-too-long = { $value } is longer than the whole run ({ $duration }): no sample would ever be taken
scenario-msg-at-least-leader = must be at least 1 (the leader itself)
scenario-msg-copies-need-nodes = { $copies } copies need at least { $needed } broker nodes, but `nodes` is { $nodes }
scenario-msg-min-insync-above-replication = `min_insync` { $min } is more than the { $copies } copies of each partition: every acks All publish would be refused
scenario-msg-min-insync-above-replication-help = raise `replication`, or lower `min_insync` (Kafka's usual choice is replication 3, min_insync 2)
scenario-msg-acks-none-outbox = acks None cannot go with an outbox: the relay marks an event published only once the broker acknowledges it
scenario-msg-acks-none-outbox-help = use acks Leader or All with the outbox
scenario-msg-requests-block-producer = send batching and a broker cost do not go with a BlockProducer topic: a request's messages are decided after the producer has gone on
scenario-msg-requests-block-producer-help = give the topic overflow RejectNew (refusals go to publish_retry) or DropOldest
scenario-msg-batch-concurrency = a batch is handled on the instance's one poll thread, so it needs concurrency 1
scenario-msg-batch-concurrency-help = set concurrency: 1 and add instances for parallelism
scenario-msg-control-characters = { $list-name } contains control characters
scenario-msg-contains-slash = `{ $name }` contains `/`, which fault targets use for instances (`payments/1`)
scenario-msg-broker-reserved = `broker` is reserved: fault targets use `broker/N` for broker nodes
scenario-msg-already-named = another { $text-noun } is already named `{ $name }` ({ $list-other })
scenario-msg-already-the-name = `{ $name }` is already the name of { $text-kind } { $list-other }
scenario-msg-one-namespace = services, topics, producers, consumer groups and clients share one namespace
scenario-msg-no-noun-defined = no { $text-noun } is defined
scenario-msg-nouns-defined = { $text-noun }s defined: { $list }
scenario-msg-leave-out-capacity = leave it out for unlimited capacity
scenario-msg-leave-out-timeout = leave it out for no timeout
scenario-msg-needs-failures-structure = needs the group's `failures` (its instances' own times to failure and to repair)
scenario-msg-structure-autoscale = cannot be combined with `autoscale` (spares, crew and shocks act on a fixed number of instances)
scenario-msg-spares-range = must be fewer than the group's { $instances } instances (at least one must be active), found { $value }
scenario-msg-warm-factor = a warm spare's failure factor must lie in (0, 1] (a share of an active instance's rate), found { $value }
scenario-msg-leave-out-crew = leave it out for an unlimited crew
scenario-msg-k-range = must lie in 1..={ $max } (the instances of `{ $name }`), found { $value }
scenario-msg-no-structure = group `{ $name }` has no standby, repair_crew or common_cause
scenario-msg-use-parallel = for independent instances use Parallel or KOutOfN
scenario-msg-markov-exponential = the Markov chain of group `{ $name }` needs exponential times: its { $field } is not Exponential
scenario-msg-slots-range = must lie in 1..={ $max } (the active slots of `{ $name }`), found { $value }
scenario-msg-leave-out-priority = leave it out for a queue in publication order
scenario-msg-leave-out-expiry = leave it out for no expiry
scenario-msg-total-retained = retained records
scenario-msg-total-retained-why = each partition of a topic with retention keeps up to retention_messages records, 100000 without it
scenario-msg-leave-out-retention = leave it out for a queue that keeps nothing after consumption
scenario-msg-partitions-grow = must be more than the { $from } partitions `{ $topic }` has: a topic's partitions can only grow (Kafka refuses to remove partitions)
scenario-msg-partitions-grow-help = a number from { $low } to { $max }
scenario-msg-reset-no-retention = `{ $group }` reads `{ $topic }`, which keeps nothing after consumption: there is no log to reset its offsets in
scenario-msg-reset-no-retention-help = give `{ $topic }` a retention, e.g. retention: "10m"
scenario-msg-rebuild-rate = must be a positive number of events replayed per second, found { $value }
scenario-msg-state-no-log = is rebuilt by replaying the log of topic `{ $topic }`, which keeps none
scenario-msg-state-no-log-help = give the topic a `retention` (a projection replays its retained log, as Kafka Streams restores a store from its changelog)
scenario-msg-backup-needs-state = needs the group's `state` (a stateless group has nothing to back up)
scenario-msg-eject-for-zero = must be longer than 0s (an ejection that ends at once ejects nothing)
scenario-msg-max-ejected = must be a share of the replicas between 0 and 1, found { $value }
scenario-msg-max-ejected-help = 0.34 lets one replica in three be ejected at once; one may always be
scenario-msg-probe-timeout = { $timeout } is longer than the interval ({ $interval }): a probe would still wait when the next one goes
scenario-msg-probe-timeout-help = a timeout of at most { $interval }, or a longer interval
scenario-msg-failures-too-often = averages { $mean }, under faultline's floor of { $floor }: failures and repairs would repeat too often to simulate
scenario-msg-error-probabilities = error probabilities add up to { $total }, more than 1
scenario-msg-exponential-mean = an exponential distribution needs a mean longer than 0s
scenario-msg-write-constant-zero = write Constant("0s") for no time at all
scenario-msg-p99-below-median = p99 ({ $p99 }) is below the median ({ $median }); a 99th percentile is at least the median
scenario-msg-pareto-min = must be longer than 0s (a Pareto starts at its minimum)
scenario-msg-needs-a-value = needs at least one value
scenario-msg-values-example = list the observed durations, e.g. values: ["3ms", "5ms", "40ms"]
scenario-msg-too-many-values = { $count } values are above faultline's limit of { $limit }
scenario-msg-needs-a-branch = needs at least one branch
scenario-msg-branches-example = e.g. branches: [(p: 0.9, mean: "1ms"), (p: 0.1, mean: "10ms")]
scenario-msg-too-many-branches = { $count } branches are above faultline's limit of { $limit }
scenario-msg-branch-mean = must be longer than 0s (an exponential needs a mean)
scenario-msg-branches-add-up = the branches' probabilities p add up to { $total }, not 1
scenario-msg-shape-range = must lie in { $low }..={ $high }, found { $value }; outside it the distribution is all tail or all spike
scenario-msg-lie-in = must lie in { $low }..={ $high }, found { $value }
scenario-msg-expired-to-itself = a topic cannot send its expired messages to itself
scenario-msg-expired-to-no-ttl = is set but the topic has no `ttl`, so nothing can expire
scenario-msg-add-ttl = add a ttl, e.g. ttl: "5m"
scenario-msg-too-many-rules = { $count } rules is above faultline's limit of { $limit }
scenario-msg-sheds-nothing = 0 sheds nothing: priorities start at 0
scenario-msg-sheds-nothing-help = below_priority: 1 sheds priority 0
scenario-msg-backlog-above-capacity = { $value } is above the topic's capacity ({ $capacity }): the backlog never gets there
scenario-msg-priority-without-capacity = orders the calls waiting for a slot, but the service has no capacity, so no call ever waits
scenario-msg-priority-without-capacity-help = give it a capacity (calls served at once): then the highest priority waiting is served first
scenario-msg-sharing-without-capacity = shares the capacity among the calls in service, but the service has no capacity, so every call goes at full speed
scenario-msg-sharing-without-capacity-help = give it a capacity: the calls beyond it then slow every call down instead of waiting
scenario-msg-producer-population = a producer does not wait for answers, so it has no finite population of callers
scenario-msg-producer-population-help = give the population to a Client, whose callers wait for their answers
scenario-msg-on-zero = must be longer than 0s (the producer would never publish)
scenario-msg-both-rates-zero = both rates are 0: the producer would never publish
scenario-msg-over-zero = must be longer than 0s (use Poisson for a constant rate)
scenario-msg-needs-a-step = needs at least one step
scenario-msg-too-many-steps = { $count } steps is above faultline's limit of { $limit }
scenario-msg-steps-in-order = steps must be in time order: { $at } comes after a step at { $before }
scenario-msg-steps-all-zero = every step has rate 0: the producer would never publish
scenario-msg-needs-a-state = needs at least one state
scenario-msg-states-example = e.g. states: [(per_second: 100.0, mean_stay: "2s"), (per_second: 0.0, mean_stay: "8s")]
scenario-msg-too-many-states = { $count } states are above faultline's limit of { $limit } states
scenario-msg-states-all-zero = every state has rate 0: the producer would never publish
scenario-msg-amplitude = amplitude { $amplitude } is larger than the mean { $mean }: the rate would go negative (down to { $low } per second)
scenario-msg-think-zero = averages 0s: its callers would call again without end at one instant
scenario-msg-gap-zero = averages 0s: the producer would publish without end at one instant
scenario-msg-gap-zero-help = write Poisson(per_second: 0.0) for an idle producer
scenario-msg-gap-rate = averages { $mean }, a rate of { $rate } per second, outside faultline's limits of { $min } to { $max } per second
scenario-msg-needs-a-row = needs at least one row
scenario-msg-trace-example = e.g. trace: [(at: "0s"), (at: "120ms", key: 7)], or csv: "peak.csv"
scenario-msg-too-many-rows = { $count } rows are above faultline's limit of { $limit }
scenario-msg-rows-in-order = rows must be in time order: { $at } comes after a row at { $before }
scenario-msg-passes-overlap = { $every } is not longer than one pass of the trace (its last row is at { $last }): passes would overlap
scenario-msg-repeat-example = repeat after the last row, e.g. repeat_every: "{ $value }"
scenario-msg-batch-sizes = needs 1 to { $max } sizes, found { $count }
scenario-msg-batch-example = e.g. Weighted([(size: 1, weight: 3.0), (size: 4, weight: 1.0)])
scenario-msg-strict-order-competing = needs Partitioned delivery: Competing delivery keeps no per-key order to protect
scenario-msg-strict-order-help = set delivery: Partitioned, or leave strict_order out
scenario-msg-ordering-competing = needs Partitioned delivery: Competing delivery hands any message to any instance, in no order
scenario-msg-ordering-help = set delivery: Partitioned, or leave ordering out
scenario-msg-dispatch-partitioned = needs Competing delivery: in Partitioned delivery each partition has one owner, so no message is offered to a choice of instances
scenario-msg-dispatch-help = set delivery: Competing, or leave dispatch out
scenario-msg-assignor-competing = needs Partitioned delivery: Competing delivery has no partitions to assign
scenario-msg-assignor-help = set delivery: Partitioned, or leave assignor out
scenario-msg-dead-letter-own-topic = the dead-letter topic `{ $name }` is the topic the group consumes
scenario-msg-session-timeout-zero = must be longer than 0s (a silent instance would be evicted at once)
scenario-msg-initial-zero = must be longer than 0s (every delay would be 0s)
scenario-msg-budget-ttl-zero = must be longer than 0s (the budget would count nothing)
scenario-msg-budget-not-here = a retry budget applies to a service's or a client's calls only (their `retry`)
scenario-msg-multiplier = must be at least 1 (delays would shrink), found { $value }
scenario-msg-service-breaker-no-calls = it calls no service, so the circuit breaker has nothing to guard
scenario-msg-service-bulkhead-no-calls = it calls no service, so the bulkhead has nothing to guard
scenario-msg-handler-breaker-no-calls = the handler calls no service, so the circuit breaker has nothing to guard
scenario-msg-handler-bulkhead-no-calls = the handler calls no service, so the bulkhead has nothing to guard
scenario-msg-list-services-in = list the services in { $field }
scenario-msg-window-between = a time window must be between { $min } and { $max }, found { $value }
scenario-msg-window-whole-seconds = a time window is counted in whole seconds (one-second buckets), found { $value }
scenario-msg-circuit-open-class = a breaker never records the calls it refuses itself: CircuitOpen cannot be a failure class
scenario-msg-overflow-dead-letter = DeadLetter needs somewhere to keep dead letters, but the group drops them
scenario-msg-overflow-dead-letter-help = set on_exhausted: DeadLetter("...") or Park on the group
scenario-msg-max-restart-after = { $max } is less than restart_after ({ $min }); the back-off starts at restart_after and grows up to it
scenario-msg-autoscale-outside = the group starts with { $instances } instances, outside autoscale's { $min }..={ $max }
scenario-msg-dead-letter-shed = `{ $name }` is a dead-letter topic ({ $list-source }); it takes no publishes, so there is nothing to shed
scenario-msg-dead-letter-publish = `{ $name }` is a dead-letter topic ({ $list-source }); producers cannot publish to it
scenario-msg-dead-letter-consume = `{ $name }` is a dead-letter topic ({ $list-source }); groups cannot consume it (dead letters are replayed by redrive)
scenario-msg-too-many-components = { $count } components ({ $services } services, { $topics } topics, { $producers } producers, { $groups } consumer groups) is above faultline's limit of { $limit } in all
scenario-msg-too-many-components-clients = { $count } components ({ $services } services, { $topics } topics, { $producers } producers, { $groups } consumer groups, { $clients } clients) is above faultline's limit of { $limit } in all
scenario-msg-components-help = each component keeps its own metrics and histograms; model replicas with instances
scenario-msg-too-many-faults = { $count } faults is above faultline's limit of { $limit }
scenario-msg-too-many-alerts = { $count } alerts is above faultline's limit of { $limit }
scenario-msg-no-such-node = the broker has no node `{ $name }`
scenario-msg-nodes-numbered = broker nodes are numbered broker/1 to broker/{ $nodes }
scenario-msg-one-replica = it has one replica, { $name }/1; give it `replicas` for more
scenario-msg-replicas-numbered = its replicas are numbered { $name }/1 to { $name }/{ $count }
scenario-msg-no-such-replica = service `{ $name }` has no replica `{ $number }`
scenario-msg-no-such-instance = group `{ $name }` has no instance `{ $number }`
scenario-msg-instances-numbered = its instances are numbered { $name }/1 to { $name }/{ $count }
scenario-msg-unknown-target = unknown target `{ $name }`: not a service, topic, producer, consumer group, `group/N` instance, `service/N` replica or `broker/N` node
scenario-msg-slow-factor = must be above 1 (a slow-down), found { $value }
scenario-msg-cannot-target = { $kind } cannot target { $text-target } (`{ $name }`); it applies to { $text-kinds }
scenario-msg-faults-overlap = overlaps faults[{ $index }] ({ $kind } at { $at } for { $duration }) on the same target; faults of one kind on one target must not overlap in time
scenario-msg-no-availability = { $text-target } (`{ $name }`) has no availability; name a service, a consumer group, a consumer instance or a broker node
scenario-msg-trace-event-undeclared = event type `{ $name }`, but this source declares no `events` (add EventType(name: "{ $list-name }") to them)
scenario-msg-trace-event-unknown = event type `{ $name }` is not one of this source's `events` ({ $list })
scenario-msg-empty-filter = an empty filter takes no event at all
scenario-msg-empty-filter-help = leave it out (None) to handle every event
scenario-msg-emits-nothing = the handler emits nothing, so no emit can be refused
scenario-msg-emits-nothing-help = list its events in handler.emits, or leave on_emit_refused out
scenario-msg-is-dead-letter-topic = `{ $name }` is a dead-letter topic: it holds dead letters, not events
scenario-msg-emit-to-read-topic = emit to a topic that a group reads
scenario-msg-publish-to-read-topic = publish to a topic that a group reads
scenario-msg-too-many-event-types = { $count } event types are named; at most { $limit } are supported
scenario-msg-client-no-calls = a client must call at least one service
scenario-msg-client-no-calls-help = list the services its requests call, in order
scenario-msg-call-cycle = services call each other in a cycle: { $list }
scenario-msg-call-cycle-help = a call chain must end: a service would wait for itself
scenario-msg-no-event-type = no producer or emit creates events of type `{ $name }`
scenario-msg-emit-cycle = emits form a cycle with no end: { $list }
scenario-msg-emit-cycle-help = set `max_hops` on the scenario to bound how far one root's events travel
scenario-msg-no-event-types = no event type is declared: give a producer `events: [EventType(name: ..)]`
scenario-msg-event-types = event types: { $list }
scenario-msg-command-cycle = the command leads back to the coordinator's topic: { $list-path }
scenario-msg-command-cycle-help = each saga would start another: the participant must not publish to the topic that starts the saga
scenario-msg-call-and-command = a step either calls a service or sends a command, not both
scenario-msg-call-and-command-help = keep `call` for a synchronous call, or `command` to send a command event and wait for its reply
scenario-msg-call-or-command = a step needs `call` (a service) or `command` (a command event and its reply timeout)
scenario-msg-call-or-command-help = e.g. call: "payment", or command: Command(topic: "payment-commands", reply_timeout: "2s")
scenario-msg-reply-timeout-zero = must be longer than 0s (every command would time out at once)
scenario-msg-command-to-dead-letters = `{ $name }` is a dead-letter topic: it holds dead letters, not commands
scenario-msg-command-topic-help = send the command to a topic its participant reads
scenario-msg-command-unread = no consumer group reads topic `{ $name }`: nothing would ever reply to the command
scenario-msg-command-unread-help = add the participant: a consumer group reading this topic
scenario-msg-command-to-coordinator = topic `{ $name }` is the coordinator's own: each command would start another saga
scenario-msg-command-filtered = consumer group `{ $group }` filters out `{ $name }`: the command would never reach its participant
scenario-msg-command-filtered-help = add the type to the group's filter, or send another type
scenario-msg-command-readers = topic `{ $name }` is read by { $count } groups ({ $list-names }): a command has one participant
scenario-msg-command-readers-help = give the command a topic of its own, read by its participant only
scenario-msg-compensate-at-once = must be longer than 0s (every saga would compensate at once)
scenario-msg-already-coordinates = consumer group `{ $name }` already coordinates { $list-other }
scenario-msg-already-coordinates-help = give each saga a consumer group of its own
scenario-msg-coordinator-calls = consumer group `{ $name }` calls services of its own (handler.calls)
scenario-msg-coordinator-calls-help = a coordinator's calls are its saga's steps: leave its handler.calls empty
scenario-msg-saga-no-steps = a saga needs at least one step
scenario-msg-saga-no-steps-help = list its steps in order
scenario-msg-too-many-saga-steps = { $count } steps are above faultline's limit of { $limit } steps per saga
scenario-msg-step-named-twice = another step of this saga is already named `{ $name }`
scenario-msg-pivot-compensated = the pivot is the point of no return: it cannot be compensated
scenario-msg-pivot-compensated-help = remove the compensation, or make an earlier step the pivot
scenario-msg-after-pivot = a step after the pivot (`{ $name }`) cannot be compensated: once the pivot succeeds the saga only goes forward
scenario-msg-after-pivot-help = remove the compensation (give the step retries instead), or move the pivot
scenario-msg-one-pivot = a saga has at most one pivot (the first one is its point of no return)
scenario-msg-only-for-empty = an empty list matches no trigger: the step could never run
scenario-msg-only-for-empty-help = leave only_for out (None) to run the step for every trigger
scenario-msg-unreachable-step = unreachable step: no trigger the coordinator handles is of these types (it handles { $list })
scenario-msg-unreachable-step-help = name a type the coordinator's topic carries and its filter takes
scenario-msg-checklist-control = must not contain control characters (it is one checklist line)
scenario-msg-less-than-at-least = { $most } is less than at_least ({ $least })
scenario-msg-tolerance-help = it is relative: 0.05 accepts ±5 % around the law's prediction
scenario-msg-checks-nothing = checks nothing: give `at_least`, `at_most` or both
scenario-msg-checks-nothing-help = e.g. at_most: 0.0
scenario-msg-after-the-end = { $field } { $at } is after the end of the run ({ $duration })
scenario-msg-window-empty = the window { $from }..{ $to } is empty: `to` must be after `from`
scenario-msg-no-sample-in-window = no sample is taken in { $from }..{ $to } (samples are taken every { $every })
scenario-msg-no-sample-help = widen the window or sample more often
scenario-msg-no-breakers = no group, service or client has a circuit_breaker
scenario-msg-unknown-breaker = unknown breaker `{ $name }`: breakers are named CALLER:SERVICE for a group, service or client with a circuit_breaker
scenario-msg-contains-empty = must not be empty (every entry would match)
scenario-msg-not-a-metric-path = `{ $name }` is not a dotted path into the `run --json` report
scenario-msg-metric-path-example = e.g. ledger.lost, latency_ms.p99, groups.payments.retries
scenario-msg-names-not-a-number = `{ $name }` names a { $text-noun }, not a number
scenario-msg-add-a-field = add a field, e.g. `{ $name }`
scenario-msg-unknown-in = unknown { $text-noun } `{ $name }` in `{ $key }`
scenario-msg-not-a-series-key = `{ $name }` is not a series key
scenario-msg-series-key-example = series keys look like latency.p99_ms, group.payments.lag, topic.orders.backlog
scenario-msg-series-keys-start = series keys start with { $list }
scenario-msg-unknown-family = unknown series family `{ $name }` in `{ $key }`
scenario-msg-names-not-a-series = `{ $name }` names a { $text-noun }, not one of its series
scenario-msg-for-example = e.g. `{ $name }`
scenario-msg-series-are = { $text-whose } series are { $list }
scenario-msg-unknown-series = unknown series `{ $name }` in `{ $key }`
scenario-msg-not-mmc = group `{ $name }` is not an M/M/c queue: { $text-why }
scenario-msg-not-mmc-poisson = producer `{ $name }` is not Poisson
scenario-msg-not-mmc-no-producer = no producer publishes to `{ $name }`
scenario-msg-not-mmc-work = its handler's work is not Exponential
scenario-msg-not-mmc-calls = its handler calls services
scenario-msg-not-mmc-partitioned = its delivery is Partitioned (per-key order makes each partition its own queue)
scenario-msg-not-mmc-fault = a fault hits `{ $name }`
scenario-msg-not-mmc-unstable = it is unstable: λ = { $arrivals }/s is not below cμ = { $capacity }/s, so the queue grows without bound
scenario-msg-not-mmc-help = Erlang C needs Poisson arrivals, exponential work, no calls and Competing delivery
scenario-msg-parallel-no-failures = group `{ $name }` has no `failures`, so its instances have no MTBF/(MTBF+MTTR)
scenario-msg-parallel-no-failures-help = add failures: Failures(mtbf: ..., mttr: ...) to the group
scenario-msg-parallel-autoscales = group `{ $name }` autoscales: its number of instances, and so 1 − Π(1 − Aᵢ), changes
scenario-msg-chain-two = a chain needs at least two components
scenario-msg-replicas-availability = service `{ $name }` has { $count } replicas, each with its own availability
scenario-msg-name-one = name one: { $name }/1 to { $name }/{ $count }
scenario-msg-availability-tracked = `{ $name }` is { $text-kind }; availability is tracked for services, consumer instances (`group/N`) and broker nodes (`broker/N`)
scenario-msg-no-failures = { $text-what } has no `failures`, so there is no MTBF/(MTBF+MTTR) to compare with
scenario-msg-what-service = service `{ $name }`
scenario-msg-what-group = group `{ $name }`
scenario-msg-what-broker = the broker
scenario-msg-no-failures-help = add failures: Failures(mtbf: ..., mttr: ...)
scenario-msg-summary-empty = must not be empty (the curriculum browser shows it)
scenario-msg-summary-one-line = must be one line (the curriculum browser shows one line per lesson)
scenario-msg-actions-in-order = actions must be in time order: { $at } comes after an action at { $before }
scenario-msg-captions-in-order = captions must be in time order: { $at } comes after a caption at { $before }
scenario-msg-loop-guard-help = 0 would park every dead letter instead of redriving it
scenario-msg-no-dead-letter-stores = no group dead-letters or parks messages
scenario-msg-holds-no-dead-letters = `{ $name }` holds no dead letters: name a dead-letter topic, or a group whose on_exhausted is Park
scenario-msg-focus = { $text } (a focus is a component or a series key)
scenario-msg-after-the-change = after the change, { $list-path }: { $text }
scenario-msg-more-after-the-change = and { $count } more problems after the change
scenario-msg-challenge-needs-expect = a challenge needs the scenario's `expect` list: it is the checklist that grades an attempt
scenario-msg-challenge-bound-not-number = `{ $name }` is not a number or a length of time, so it cannot have bounds; list its allowed values with OneOf
scenario-msg-challenge-min-above-max = min { $min } is more than max { $max }
scenario-msg-challenge-not-listed = `{ $name }` is not among the parameters the challenge lets you change ({ $list })
scenario-msg-challenge-out-of-bounds = `{ $name }` is { $value }, outside the challenge's bounds { $min } to { $max }
scenario-msg-challenge-not-one-of = `{ $name }` is `{ $value }`, not one of the values the challenge allows: { $list }
scenario-msg-samples-twice = give the samples as `values` or as a `csv` file, not both
scenario-msg-rows-twice = give the rows as `trace` or as a `csv` file, not both
scenario-msg-key-not-number = key `{ $name }` is not a whole number from 0 to { $max }
scenario-msg-key-not-number-help = leave the cell empty to draw the key from the source's `keys`
scenario-msg-value-unit-help = give each value its unit, e.g. 3ms or 1.5s
scenario-msg-too-many-samples = more than faultline's limit of { $limit } samples
scenario-msg-too-many-csv-rows = more than faultline's limit of { $limit } rows
scenario-msg-more-not-durations = and { $count } more rows that are not durations
scenario-msg-more-not-trace-rows = and { $count } more rows that are not trace rows
scenario-msg-no-samples = has no samples (only blank lines and # comments)
scenario-msg-no-rows = has no rows (only blank lines and # comments)
scenario-msg-invalid-duration = invalid duration `{ $name }`: expected a number followed by a unit (ns, us, ms, s, m, h, d), e.g. "250ms"
scenario-msg-negative-duration = invalid duration `{ $name }`: durations cannot be negative
scenario-msg-duration-too-long = invalid duration `{ $name }`: longer than the longest run faultline supports (about 584 years)

## A group's offsets on a retained topic (detail panel)

offsets-lag-over-time = Lag per partition over time
offsets-lag-over-time-help = Messages waiting for this group in each partition (the first 16), sampled while the group is shown: a partition that stops being fetched (a rebalance, an offline leader) climbs while the others stay flat.
offsets-lag-partition = partition { $partition }
offsets-title = Offsets
offsets-help = The topic keeps a log (retention): per partition, the records it still has (log start to log end), where this group reads next (position), what waits for it (lag), and what retention deleted before the group read it, what resets replayed and what they skipped.
offsets-partition = partition
offsets-log-start = log start
offsets-position = position
offsets-log-end = log end
offsets-lag = lag
offsets-deleted = deleted by retention
offsets-replayed = replayed
offsets-skipped = skipped
offsets-more = … and { $count } more partitions
offsets-shift-help = Records per partition that Back and Forward move the position by.
offsets-time-help = The virtual time (seconds since the start) that "From" resets to.
offsets-reset = Reset offsets
offsets-reset-help = Move this group's position in every partition, as kafka-consumer-groups --reset-offsets does: records it had read come back as duplicates (an idempotent consumer skips those it remembers); messages it had not read are skipped, counted as dropped.
offsets-earliest = To earliest
offsets-earliest-help = Read the whole retained log again.
offsets-latest = To latest
offsets-latest-help = Skip everything not read yet: the group goes on with what is published from now.
offsets-back = Back { $n }
offsets-back-help = Read the last N records of each partition again.
offsets-forward = Forward { $n }
offsets-forward-help = Skip the next N unread messages of each partition.
offsets-from-time = From { $time }
offsets-from-time-help = Go to the first record published at or after that time: read again what it had read since, skip what it had not read before.

## The topology builder (edit mode)

builder-title = Build a topology
builder-help = Add, wire and remove components, edit their fields, then run the result or save it as a scenario file. The run waits, paused, meanwhile.
builder-open = ✏ Build
builder-open-help = Edit this topology in the builder (the run pauses): add, wire and remove components, then run it.
builder-new = ✏ New empty topology
builder-new-help = Open the builder on an empty scenario.
builder-close = ✖ Close
builder-close-help = Leave the builder and go back to the run; the draft is dropped.
builder-name = Scenario name
builder-add-producer = + Producer
builder-add-client = + Client
builder-add-topic = + Topic
builder-add-group = + Consumer group
builder-add-service = + Service
builder-add-help = Adds one with defaults and a new name. With a topic selected, a new producer or group is wired to it; with a group or client selected, a new service is called by it.
builder-run = ▶ Run
builder-run-help = Start this scenario from time zero, as opening its file would.
builder-run-invalid-help = Fix the problems first: the same checks as a scenario file.
builder-save = 💾 Save as…
builder-save-help = Write the scenario as a .ron file; opening it gives this topology back.
builder-valid = ✔ valid: ready to run
builder-problems = { $count ->
    [one] ✖ 1 problem
   *[other] ✖ { $count } problems
}
builder-select-hint = Click a component in the graph to edit it, or add one.
builder-wiring = Wiring
builder-wiring-help = What this component sends to or reads from, by name.
builder-no-links = Nothing to wire: others name it.
builder-link-publishes-to = publishes to
builder-link-reads = reads
builder-link-calls = calls
builder-link-emits = emits to
builder-link-publishes = publishes
builder-link-dead-letters = dead letters to
builder-none = — none —
builder-add-target = + add
builder-nothing-to-add = nothing left to add
builder-unlink-help = Take this link out.
builder-fields = Fields
builder-fields-help = Every other field of the scenario format, with its default; Enter or Set takes a value.
builder-remove = 🗑 Remove
builder-remove-help = Remove it. Links to it are taken out; a producer or group that read it is left unwired, for you to wire again.
builder-removed = Removed { $name }.
builder-removed-refs = Removed { $name }; unwired: { $refs }.
builder-node-problems = { $count ->
    [one] ⚠ { $name }: 1 problem
   *[other] ⚠ { $name }: { $count } problems
}
builder-rename-help = Its name; the links that name it follow a new one (press Enter or click away).
builder-name-taken = another component is called { $name }
builder-no-connect = A { $from } is not wired to a { $to }: drag along the flow (producer → topic → group → service, client → service, group or service → topic).
