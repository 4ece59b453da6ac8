# faultline 的简体中文文本。键与 en/faultline.ftl 一一对应（有测试检查）。
# 变量写作 $name；中文没有复数形式，数量直接写数字加量词。

## 计数

count-questions = { $count } 个问题
count-expectations = { $count } 项预期

## 顶栏：标题行

topbar-overlay-help = 帧时间浮层：应用内测得的界面每秒帧数，以及引擎的运行速度。
topbar-presentation = 演示模式
topbar-presentation-help = 演示模式，适合投影：在屏幕允许的范围内把一切放大至多 1.5 倍（720 线投影仪上为 1.25 倍）。
topbar-projector = 📽 投影预设
topbar-projector-help = 投影预设，适合教室：一切放大（按本屏幕尺寸）、开启演示模式、课程面板紧凑显示、底部标签页折叠为标题栏，把空间留给拓扑图和曲线图。再点一次恢复桌面布局。
topbar-theme-light = ☀ 浅色主题
topbar-theme-dark = 🌙 深色主题
topbar-theme-help = 在浅色和深色主题之间切换。
topbar-language-help = 仪表盘的语言（会被记住）。切换时运行不中断。
topbar-scenario-help = 正在运行的场景。

## 健康状态

health-title = 系统健康状态
health-ok = 健康
health-degraded = 降级
health-failing = 故障
health-all-well = 最近一个采样区间内没有消息丢失、被丢弃或进入死信；各队列未过半满；失败率低于 5 %。
health-lost = 消息丢失：{ $rate }
health-dropped = 消息被丢弃：{ $rate }
health-expired = 消息过期：{ $rate }
health-dead-lettering = 正在进入死信：{ $rate }
health-topic-full = 主题 { $topic } 已满 { $percent }
health-group-down = 消费者组 { $group }：{ $deployed } 个实例中有 { $down } 个不可用
health-group-rebalancing = 消费者组 { $group } 正在重新分配分区（再均衡）
health-group-failing = 消费者组 { $group }：{ $percent } 的处理尝试失败
health-group-behind = 消费者组 { $group } 处理落后：积压 { $lag }
health-service-failing = 服务 { $service }：{ $percent } 的调用失败，{ $queued } 个在排队
health-p95 = p95 延迟 { $latency }
health-producer-crashed = 生产者 { $producer } 已崩溃
health-producer-cut-off = 生产者 { $producer } 与 broker 断开
health-producer-blocked = 生产者 { $producer } 因主题已满而被阻塞
health-node-down = { $node } 已宕机
health-node-partitioned = { $node } 因网络分区而被隔离
health-alert = 告警触发：{ $alert }（{ $subject }）
health-fault = 故障生效中：{ $target } 上的 { $fault }

## 菜单

menu-file = 文件
menu-file-help = 打开、重新加载或保存场景；最近打开的文件。
menu-lessons = 课程
menu-lessons-help = 故障导览和十二节课：加载其中一节，或带摘要浏览全部课程。
menu-view = 视图
menu-view-help = 主题、演示模式、投影预设、底部标签页、帧时间浮层。
view-tabs-open = 展开底部标签页
view-tabs-fold = 折叠底部标签页
view-overlay = 帧时间浮层

file-open = 打开…
file-open-help = 打开场景文件（Ctrl+O）。也可以把 .ron 文件拖到窗口上。
file-reload = 重新加载
file-reload-help = 重新读取 { $path } 并从头开始运行。
file-reload-builtin-help = 从头重新运行内置场景。
file-save = 保存…
file-save-help = 把正在运行的场景（包括你的实时修改）另存为新的 .ron 文件。
file-recent = 最近文件
file-recent-none = 还没有最近打开的文件。
file-builtin = 内置订单流水线
file-recent-clear = 清空列表
file-recent-help = 之前打开过的场景。

lessons-browse = 浏览课程…
lessons-hide-panel = 隐藏课程面板
lessons-show-panel = 显示课程面板
lessons-hide-captions = 隐藏字幕
lessons-show-captions = 显示字幕

## 播放控制

play-pause = 暂停
play-pause-help = 暂停仿真（空格键）。
play-play = 播放
play-play-help = 以所选速度在虚拟时间中运行仿真（空格键）。
play-step = 单步
play-step-help = 暂停并只处理一个事件（右方向键）。
play-step-interval = 前进 { $interval }
play-step-interval-help = 暂停并运行到当前采样区间结束（Shift+右方向键）。
play-speed = 速度
play-speed-help = 每秒真实时间对应的虚拟秒数（+ 和 − 键）。“max” 表示让引擎全速运行。
play-reset = 重置
play-reset-help = 从零时刻重新开始已加载的场景；实时修改将被丢弃（R 键）。
seed = 种子
seed-help = 随机数流的种子。同一场景加同一种子，运行结果逐位相同。按回车用它重新开始。
seed-random-help = 用新的随机种子重新开始。

## 虚拟时钟

clock-help = 虚拟时间：仿真自己的时钟，以及场景的时长。
clock-progress = 已完成运行的 { $percent } %。
clock-limit = 因达到上限而停止
clock-limit-short = 达到上限
clock-finished = 已结束
clock-finished-help = 运行已达到场景时长。可以重置或加载其他场景。
clock-paused = 已暂停
clock-paused-help = 虚拟时间静止，直到你按下播放或单步。
clock-max = 全速：真实时间的 { $factor }
clock-max-short = 全速：{ $factor }
clock-max-help = 引擎分片全速运行，窗口保持响应。
clock-behind-speed = 落后于真实时间：{ $speed } 只达到 { $achieved }
clock-behind-speed-short = 落后：{ $speed } 只达到 { $achieved }
clock-behind-by = 落后真实时间 { $lag }
clock-behind-by-short = 落后 { $lag }
clock-behind-help = 引擎跟不上 { $speed }：实际只达到 { $achieved }。窗口仍然响应，只是仿真比要求的慢。
clock-in-step = 与真实时间同步
clock-in-step-short = 同步
clock-ahead = 领先真实时间 { $span }
clock-ahead-short = 领先 { $span }
clock-trailing = 落后真实时间 { $span }
clock-trailing-short = 落后 { $span }
clock-drift-help = 已经过的虚拟时间减去播放所用的真实时间：×1 时接近零，更快的速度会领先，暂停时单步也会累加。

## 底部标签页

tab-breakers = 熔断器
tab-breakers-half-open = 熔断器（{ $count } 个半开）
tab-breakers-open = 熔断器（{ $count } 个打开）
tab-breakers-help = 每个熔断器：整个运行期间的状态、失败率与慢调用率对照阈值、滑动窗口、带原因的状态转换，以及运维人员的手动干预。
tab-availability = 可用性
tab-availability-incidents = 可用性（{ $count } 个未恢复事件）
tab-availability-help = 每个组件的上线/下线时间线，包括实测 MTBF、MTTR 以及对照 MTBF/(MTBF+MTTR) 的可用性；各事件的发现、诊断和恢复时间；服务等级与错误预算。
tab-alerts = 告警
tab-alerts-firing = 告警（{ $count } 个触发中）
tab-alerts-help = 告警规则：触发中的在前，其次是待定的，最后是静默或已恢复的（Prometheus 语义）。
tab-event-log = 事件日志
tab-event-log-help = 所有值得注意的事件，最新的在前：实时修改、死信、警告。
tab-dead-letters = 死信（{ $count }）
tab-dead-letters-help = 被放弃的消息，附原因、尝试次数和最后一次错误；可以在这里重新投递（redrive）。
tab-journeys = 消息轨迹
tab-journeys-count = 消息轨迹（{ $count }）
tab-journeys-help = 逐跳追踪的消息：发布、各次尝试、调用链上的调用及其应答、重试、派生消息、结局——以图表和列表呈现；可复制为 JSON。
tab-sagas = Saga
tab-sagas-inconsistent = Saga（{ $count } 个不一致）
tab-sagas-help = 编排式 Saga：各状态的实例数（现在和随时间的变化）、在哪一步失败、补偿是否成功、一个 Saga 用时多久。
tab-changes = 修改（{ $count }）
tab-changes-help = 每一个实时修改过的参数：何时、何处、从 ➡ 到；可保存修改后的场景。
tabs-open-help = 展开底部标签页。
tabs-fold-help = 把底部标签页折叠成这一行标题，把空间留给拓扑图和曲线图。

## 字幕

caption-help = 本课在运行到此刻时的字幕；它会一直显示到下一条。
caption-help-watch = 本课在运行到此刻时的字幕；它会一直显示到下一条。请关注 { $focus }。
caption-hide = 隐藏
caption-hide-help = 隐藏这条字幕（下一条仍会显示）。

## 课程：浏览窗口、欢迎页、课程面板

welcome-title = 欢迎使用 faultline
welcome-intro = 一个研究事件驱动系统容错的实验室：在虚拟时间中仿真的消息总线，你可以预设或手动制造故障，并观察应对它们的弹性模式。
welcome-tour-behind = 故障导览已经在这个窗口后面播放。选择一节课深入学习一个概念，或关闭本窗口观看导览。
welcome-scenario-behind = 你的场景已经在这个窗口后面播放。关闭本窗口即可观看，或选择一节课深入学习容错的一个概念。
welcome-menu-back = 顶栏的“课程”菜单可以重新打开这个列表。
lesson-tour = 导览
lesson-number = 第 { $number } 课
lesson-open = 打开
lesson-start-again = 重新开始
lesson-open-help = 加载 { $file } 并从头播放。
lesson-caption = 课程
lesson-all = 全部课程
lesson-all-help = 故障导览和十二节课。
lesson-idea = 核心概念
lesson-watch = 观察要点
lesson-questions = 思考题
lesson-script = 脚本执行的操作
lesson-script-help = 本课预设的操作（例如讲师执行的死信重投），每次运行都会在相同时刻执行。
lesson-action-refused = 被拒绝：{ $why }
lesson-trying = 正在尝试第 { $number } 题
lesson-back = 回到本课
lesson-back-help = 不带本题的修改，重新运行本课。
checklist = 检查清单
checklist-help = 场景的预期，随运行逐项检查：… 待定（附目前的值），✔ 通过，✖ 未通过，– 运行结束前未能判定。`faultline run` 做同样的检查。
checklist-tally = { $passed } 项通过 · { $failed } 项未通过 · { $pending } 项待定
status-pending-help = 待定：尚未判定。
status-passed-help = 通过。
status-failed-help = 未通过。
status-unreached-help = 运行在能够判定之前就结束了。
question-try = 试一试
question-try-again = 再试一次
question-try-help = 从头重新运行本课。
question-try-with = 带以下修改从头重新运行本课：{ $changes }
question-answer = 参考答案

## 拓扑图：节点、连线、提示与图例

graph-fit = 适应窗口
graph-fit-help = 显示整张图（F 键，或双击图）
graph-zoom-in-help = 放大（也可滚动滚轮或双指缩放）
graph-zoom-out-help = 缩小（也可滚动滚轮或双指缩放）
graph-zoom = 缩放 { $percent } %
graph-drag-help = 拖动可移动图。
graph-breaker-label = 熔断器 { $group } → { $service }：{ $state }
graph-click-help = 点击查看详情并实时修改。
node-crashed = 已崩溃
node-cut-off = 与 broker 断开
node-blocked = 阻塞：主题已满
node-producer = { $rate } · 已生产 { $produced }
node-client = { $rate } · 失败 { $percent }
node-topic = { $partitions } 个分区 · { $held } / { $capacity }
node-dead-letters = { $count } 条死信 · +{ $rate }
node-group = { $rate } · 积压 { $lag } · 忙碌 { $busy }
node-group-working = { $working }/{ $deployed } 在工作 · 失败 { $percent }
node-service = { $rate } · 错误 { $percent }
svc-down-all = 宕机：全部 { $replicas } 个副本（故障）
svc-down = 宕机（故障）
svc-replicas-down = { $replicas } 个副本：{ $down } 个宕机 · { $ejected } 个被剔除
svc-slowed = 变慢 ×{ $factor }（故障）
svc-errors = +{ $percent } 错误（故障）
svc-replicas = { $replicas } 个副本（{ $balance }）· { $calls } 次调用
svc-total-calls = 共 { $calls } 次调用
balance-round-robin = 轮询
balance-random = 随机
balance-least-request = 最少请求
balance-two-choices = 二选一
replica-down = 宕机
replica-ejected = 被剔除至 { $until }
replica-up = 在线
replica-line = { $state } · 活跃 { $active }/{ $each } · 排队 { $queued } · { $calls } 次调用，{ $errors } 次错误，{ $ejections } 次剔除
replica-more = 另有 { $count } 个副本
held-of-capacity = { $held } / { $capacity }（{ $percent }）

edge-title = { $from } { $what } { $to }
edge-publish = 发布到
edge-publish-unit = 事件
edge-request = 发送请求到
edge-request-unit = 调用
edge-delivery = 投递到
edge-delivery-unit = 收到的消息
edge-call = 调用
edge-call-unit = 调用，含每次尝试
edge-emit = 派生事件到
edge-emit-unit = 派生的事件，含全部派生规则
edge-dead-letter = 死信送往
edge-dead-letter-unit = 死信
edge-rate = 速率
edge-callee-errors = 被调用方的错误率

breaker-closed = 关闭
breaker-half-open = 半开
breaker-open = 打开
breaker-forced-open = 强制打开
breaker-disabled = 已禁用
breaker-metrics-only = 仅统计
breaker-tip-title = { $group } 调用 { $service } 的熔断器
breaker-tip-help = 统计窗口内的调用；失败率（或慢调用率）超过阈值就打开，立即拒绝调用；之后放少量探测请求通过（半开），再决定是否关闭。
breaker-too-few-calls = –（调用太少）
breaker-opens-at = { $rate }（{ $threshold } % 时打开）
breaker-state = 状态
breaker-failure-rate = 失败率
breaker-slow-calls = 慢调用
breaker-window = 窗口
breaker-window-value = { $window }：{ $calls } 次调用，{ $failed } 次失败，{ $slow } 次慢调用
breaker-minimum-calls = 最少调用数
breaker-calls-refused = 被拒绝的调用
breaker-open-until = 打开至
breaker-last-change = 最近一次变化

tip-producer = 生产者 { $name }
tip-client = 客户端 { $name }
tip-client-help = 同步调用方：每个请求都等待应答，中间没有 broker。
tip-topic = 主题
tip-dead-letter-topic = 死信主题
tip-topic-help = 条形：每个分区一条，按其占容量的比例填充（接近满时显示斜线）。
tip-group = 消费者组 { $name }
tip-group-help = 方框：每个实例一个，按忙碌的工作线程填充；打叉并带斜线的方框表示宕机。
tip-service = 服务 { $name }
tip-state = 状态
tip-blocked = 阻塞：等待空间
tip-publishing = 正在发布
tip-failed = 失败
tip-none = 无
tip-workers = 工作线程
tip-workers-value = { $instances } 个实例 × { $concurrency }
tip-errors-value = { $errors }（当前 { $percent }）
tip-active-value = { $active } / { $capacity }
tip-unlimited = 不限
tip-balancing = 负载均衡
tip-publishes-to = 发布到
tip-configured-rate = 配置速率
tip-measured-rate = 实测速率
tip-produced = 已生产
tip-rejected-topic-full = 被拒绝（主题已满）
tip-requests = 请求
tip-succeeded = 成功
tip-failing-now = 当前失败率
tip-waiting-for-an-answer = 等待应答
tip-latency-p50-p99 = 延迟 p50 · p99
tip-held = 存量
tip-highest-so-far = 迄今最高
tip-per-partition = 各分区
tip-reads = 读取
tip-processed = 已处理
tip-lag = 积压
tip-attempts = 尝试次数
tip-waiting-to-retry = 等待重试
tip-failed-attempts = 失败的尝试
tip-calls = 调用
tip-errors = 错误
tip-active = 活跃
tip-queued-inside = 内部排队

legend-ok-help = 工作正常。
legend-degraded-help = 仍在工作但很吃力：失败率高于 5 %、队列过半、有实例宕机。
legend-failing-help = 故障（粗边框、顶部斜线）：失败率高于 50 %、队列接近满、全部宕机。
legend-partition = 分区
legend-partition-help = 主题条形：每个分区一条，按其占主题容量的比例填充（过半为橙色，接近满时为红色斜线）。
legend-instance-up = 实例在线
legend-instance-up-help = 一个消费者实例（服务的副本，较小）：按忙碌的工作线程（活跃调用）自下而上填充。
legend-down = 宕机
legend-down-help = 崩溃的实例：红色、虚线、打叉并带斜线。
legend-restarting = 重启中
legend-restarting-help = 将由监管者重启的实例：橙色虚线，带 ⟳。带缺口的橙色虚线：与 broker 断开（副本：被异常检测剔除）；点线：空闲（没有分区）；淡色：已缩容。
legend-flow = 流动
legend-flow-help = 移动的圆点：流动中的消息、请求或调用；速率越高，线越粗、圆点越快。灰色细虚线表示空闲。调用上的圆点会随被调用方的健康状态变为橙色或红色。
legend-emit = 派生
legend-emit-help = 处理程序向主题派生新事件（流水线的下一阶段、路由器）：蓝绿色虚线。
legend-dead-letters = 死信
legend-dead-letters-help = 被放弃的消息（重试耗尽或过期）流向死信主题：红紫色虚线。

## 账本

ledger = 账本
ledger-help = 迄今生产的每条消息现在在哪里。没有任何消息会悄无声息地丢失：等式两边必须始终相等。
ledger-produced = 已生产
ledger-produced-help = 生产者创建的消息（无论是否被接受）。
ledger-fan-out-copies = 扇出副本
ledger-fan-out-copies-help = 读取同一主题的第二个及之后的消费者组所得的副本：每个组各得一份，各自有自己的最终状态。
ledger-in-system = 系统中
ledger-in-system-help = 仍在途中：阻塞在生产者处、在主题中、在缓冲区里或正被消费者处理，或在等待重试。
ledger-processed = 已处理
ledger-processed-help = 已成功处理并确认。
ledger-filtered = 已过滤
ledger-filtered-help = 未经处理即确认：消费者组的过滤器不接收该事件类型。
ledger-dead-lettered = 进入死信
ledger-dead-lettered-help = 被放弃并连同原因保存在死信主题或停放区中，以供检查或重新投递。
ledger-expired = 已过期
ledger-expired-help = 在主题中等待超过 TTL 而被丢弃。
ledger-dropped = 被丢弃
ledger-dropped-help = 被有意拒绝或丢弃：主题已满，或策略丢弃了无法处理的消息。
ledger-lost = 丢失
ledger-lost-help = 在无人决定的情况下消失：被一次崩溃带走（非持久化主题、无副本的分区）。
ledger-zeros-help = 还没有任何消息到达的最终状态；一旦有消息到达，它就会单独列出，并附上原因。
ledger-balanced = 平衡
ledger-balanced-help = 已生产数等于右边各项之和：每条消息都有着落。
ledger-off-by = 相差 { $count }
ledger-off-by-help = 两边不相等：引擎的记账有误。请报告这个场景。
ledger-none-yet = 目前还没有。

## 账本原因（引擎的英文原词保留在 JSON 报告中）

reason-topic-full-reject-new = 主题已满（拒绝新消息）
reason-topic-full-dropped-oldest = 主题已满（丢弃最旧的）
reason-ttl-expired = TTL 过期
reason-retries-exhausted = 重试耗尽
reason-business-error-not-retried = 业务错误（不重试）
reason-fatal-error = 致命错误
reason-dead-letter-topic-full = 死信主题已满
reason-parking-lot-full = 停放区已满
reason-circuit-open-retries-exhausted = 熔断器打开（重试耗尽）
reason-bulkhead-full-retries-exhausted = 舱壁已满（重试耗尽）
reason-rate-limited = 被限流
reason-load-shed-low-priority = 降载（低优先级）
reason-producer-buffer-full = 生产者缓冲区已满
reason-outbox-full = 发件箱已满
reason-broker-unreachable = broker 不可达
reason-broker-node-lost-no-other-replica = broker 节点丢失（无其他副本）
reason-broker-node-lost-non-durable-topic = broker 节点丢失（非持久化主题）

## 通知、问题面板、窗口

notice-saved = 已保存到 { $path }
notice-save-failed = 无法保存：{ $why }
notice-no-dialog = 这里无法显示文件对话框（需要 XDG 桌面门户或 zenity）。请把 .ron 文件拖到窗口上、使用“最近文件”，或在命令行中传入文件。
notice-no-dialogs = 这里没有文件对话框；请把 .ron 文件拖到窗口上。
not-modelled = 已配置但尚未仿真：{ $parts }。
not-modelled-help = 场景中的这些部分能通过解析和校验；在实现之前，引擎会忽略它们。
drop-hint = 松开即可打开 .ron 场景
problem-title = 无法加载场景
problem-still-running = ——仍在运行上一个正常的场景“{ $name }”。
problem-dismiss = 关闭
problem-dismiss-help = 隐藏这条消息。
problem-open-help = 选择另一个场景文件。
problem-try-again = 重试
problem-try-again-help = 重新读取文件（在修正之后）。

## 曲线图

plot-throughput = 吞吐量
plot-throughput-help = 每秒虚拟时间的消息数：生产者生产的、成功处理的、进入死信的，以及失败的处理尝试（过期、丢弃和丢失在发生时才显示）。
plot-latency-produce-to-processed = 延迟（从生产到处理完成）
plot-latency-produce-to-processed-help = 每个区间内处理完成的消息的端到端延迟百分位：一半少于 p50，99 % 少于 p99。
plot-backlog-and-consumer-lag = 积压与消费积压
plot-backlog-and-consumer-lag-help = 每个主题中等待的消息，以及每个消费者组的消费积压：尚未处理的消息（在主题中等待的加上被组持有的）。
plot-in-flight-and-instances = 处理中与实例数
plot-in-flight-and-instances-help = 每个组正在处理或等待重试的消息、每个组的在线实例数，以及每个服务正在处理或排队的调用。
plot-service-calls-and-errors = 服务调用与错误
plot-service-calls-and-errors-help = 每秒到达各下游服务的调用数，以及其中失败的数量。
plot-failed-attempts-per-group = 各组的失败尝试
plot-failed-attempts-per-group-help = 每个区间内各消费者组失败的处理尝试所占比例（瞬时错误、业务错误、致命错误或超时）。
plot-circuit-breakers = 熔断器
plot-circuit-breakers-help = 每个熔断器在区间内最差的状态：关闭（调用正常通过）、半开（少量探测调用）、打开（调用被立即拒绝）。
plot-breaker-failure-rates = 熔断器失败率
plot-breaker-failure-rates-help = 每个熔断器在其滑动窗口上计算的失败率；达到阈值时（在满足最少调用数之后）熔断器打开。
plot-service-level-objectives-met = 服务等级（目标达成）
plot-service-level-objectives-met-help = 每个组在区间内是否达成了目标（100 %）或未达成（0 %）；在一段时间上取平均，就是该组的服务等级可用性。
plots-follow = 跟随
plots-follow-help = 让最新数据保持在视野中。拖动或滚动曲线图会停止跟随；双击曲线图恢复跟随。
plots-window-help = 显示截至当前的这么长一段虚拟时间。
plots-window-all = 全部
plots-cursor = 游标位于 { $time }
plots-cursor-remove-help = 移除游标。
plots-cursor-hint = 点击曲线图或事件日志中的时间即可放置游标。

## 指标：曲线图图例（组件名写在前面）

metric-throughput-produced = 生产/秒
metric-throughput-processed = 处理/秒
metric-throughput-dead-lettered = 死信/秒
metric-throughput-failed = 失败尝试/秒
metric-throughput-expired = 过期/秒
metric-throughput-dropped = 丢弃/秒
metric-throughput-lost = 丢失/秒
metric-latency-p50-ms = p50 延迟（ms）
metric-latency-p95-ms = p95 延迟（ms）
metric-latency-p99-ms = p99 延迟（ms）
metric-topic-backlog = 积压
metric-group-lag = 消费积压
metric-group-in-flight = 处理中
metric-group-instances = 实例数
metric-group-p95-ms = p95（ms）
metric-group-failure-rate = 失败率
metric-group-objectives-met = 达成目标
metric-service-calls = 调用/秒
metric-service-errors = 错误/秒
metric-service-busy = 忙碌 + 排队
metric-saga-running = 运行中
metric-saga-compensating = 补偿中
metric-saga-started = 开始/秒
metric-saga-completed = 完成/秒
metric-saga-compensated = 已补偿/秒
metric-saga-failed = 失败/秒
metric-saga-inconsistent = 不一致/秒
metric-breaker-state = 熔断器（0 关闭，1 半开，2 打开）
metric-breaker-failure-rate = 熔断器失败率（%）

## 熔断器标签页

breaker-none = 这个场景没有熔断器。消费者组、调用其他服务的服务或客户端，可以用 `circuit_breaker: Some(CircuitBreaker(...))` 为它调用的每个服务配置一个。
breaker-guarding = 保护 { $group } 调用 { $service } 的熔断器。
breaker-states-help = CLOSED（关闭）：调用正常通过并被统计。OPEN（打开）：调用被立即拒绝。HALF_OPEN（半开）：由少量探测调用决定。FORCED_OPEN、DISABLED 和 METRICS_ONLY 由运维人员设置。
breaker-probes-from = { $time } 起探测（还有 { $left }）
breaker-probing = 探测中：{ $probes } 次调用中还剩 { $permits } 次可放行
breaker-config = 失败率 >= { $failure } % 或慢于 { $duration } 的调用 >= { $slow } % 时打开（至少 { $minimum } 次调用后）；保持打开 { $open_for }，然后放行 { $probes } 个探测请求。迄今已拒绝 { $refused } 次调用，累计打开 { $open }。
breaker-force-open = 强制打开
breaker-force-open-help = 在解除之前拒绝所有调用（FORCED_OPEN），就像运维人员隔离一个依赖：观察对该服务的调用降到零、订单快速失败。
breaker-disable = 禁用
breaker-disable-help = 放行所有调用且不做任何记录（DISABLED）：观察没有熔断器时系统的表现。
breaker-metrics-only-control = 仅统计
breaker-metrics-only-control-help = 放行所有调用但继续统计（METRICS_ONLY）：事件日志会说明它本该在何时打开。
breaker-close-now = 立即关闭
breaker-close-now-help = 以空窗口立即关闭（CLOSED），就像运维人员重置它：如果服务仍在失败，它会再次打开。
breaker-back-to-normal = 恢复正常
breaker-back-to-normal-help = 结束人工干预：以空窗口进入 CLOSED，重新统计调用并在失败时打开。
breaker-since-start = 自开始以来
breaker-below-minimum = 调用太少（{ $calls } / 需要 { $minimum }）
breaker-failure-rate-help = 窗口内失败调用（错误和超时）所占比例。达到或超过阈值时熔断器打开。
breaker-slow-calls-help = 窗口内慢于慢调用时长的调用所占比例，无论成功与否。达到或超过阈值时熔断器打开。
breaker-gauge-over = { $value } %（达到或超过阈值 { $threshold } %）
breaker-gauge-under = { $value } %（低于阈值 { $threshold } %）
breaker-gauge-none = – { $none } · 阈值 { $threshold } %
breaker-window-summary = { $window }：{ $calls } 次调用，{ $failed } 次失败，{ $slow } 次慢调用（最旧的在左边）
breaker-window-empty = 此状态下没有记录
breaker-window-help = 熔断器做决定的依据。纯绿色：成功；红色打叉：失败；橙色圆点：慢调用。
breaker-transitions = 状态转换（{ $count }）
breaker-transitions-help = 每一次状态变化及其用数字说明的原因，最新的在前。
breaker-no-transitions = 还没有：熔断器自开始以来一直关闭。
breaker-cursor-help = 把曲线图的游标移到这里。
breaker-evicted = 更早的 { $count } 次转换已不再保留。

## 命令行的人类可读输出（--json 和 --csv 从不翻译）

cli-list-separator = ，
cli-check-ok = { $file }：通过：“{ $name }”，{ $parts }，运行 { $duration }
cli-topics = { $count } 个主题
cli-producers = { $count } 个生产者
cli-clients = { $count } 个客户端
cli-groups = { $count } 个消费者组
cli-sagas = { $count } 个 Saga
cli-services = { $count } 个服务
cli-distribution = { $path }：{ $dist }：均值 { $mean }，SCV { $scv }
cli-lesson = 课程“{ $title }”，含 { $questions }
cli-lesson-actions = 课程脚本操作：
cli-question = 第 { $number } 题：{ $ask }
cli-changed = 修改：{ $change }
cli-expectations = 预期：
cli-met = { $count } 项预期中 { $passed } 项达成
cli-failed = ，{ $count } 项未通过
cli-unreached = ，{ $count } 项未能判定

## 运行摘要（`faultline run`、`replay`）

report-head = { $scenario }（种子 { $seed }）：虚拟时间 { $virtual } s，真实耗时 { $wall } s（{ $rate } 条消息/秒）
report-stopped = 提前停止：{ $reason }（以下数字截至 { $at } s）
report-ledger = 已生产 { $produced } = 系统中 { $in_system } + 已处理 { $processed } + 进入死信 { $dead_lettered } + 已过期 { $expired } + 被丢弃 { $dropped } + 丢失 { $lost }
report-latency = 延迟（ms）：均值 { $mean }  p50 { $p50 }  p95 { $p95 }  p99 { $p99 }  最大 { $max }
report-throughput = 吞吐量（/s）：均值 { $mean }  峰值 { $peak }
report-topic = 主题 { $name }：最大积压 { $max }  最终 { $final }
report-service = 服务 { $name }：{ $calls } 次调用，{ $errors } 次错误
report-group = 消费者组 { $name }：结束时 { $instances } 个实例，{ $rebalances } 次再均衡，{ $redelivered } 条重新投递，{ $duplicates } 条重复处理，{ $deduplicated } 条被去重；{ $met }% 的区间达成目标
report-analytic = （解析值 { $percent }%）
report-availability = 可用性 { $name }：{ $observed }%{ $analytic }，{ $failures } 次故障，宕机 { $down } s
report-incidents = 事件：{ $count } 个（{ $recovered } 个已恢复，平均自愈时间 { $mean } s）
report-still-firing = 仍在触发
report-resolved = 于 { $at } s 恢复
report-alert = 告警 `{ $name }` 于 { $at } s 触发，{ $resolved }
report-breaker = 熔断器 { $name }：当前 { $state }，{ $transitions } 次转换，打开 { $open } s，{ $refused } 次调用被拒绝
report-not-modelled = 注意：已配置但尚未仿真：{ $parts }

## 时间旅行：时间条、分叉、参数扫描、会话

seek-time = 时间
seek-time-help = 把运行移动到任意时刻：向后，从检查点精确重建；向前，继续运行。该时刻之后记录的修改会在运行再次经过时重放，直到你做出新的修改。
seek-checkpoints = 保留了 { $count } 个检查点（有上限；随运行变长而稀疏化）。拖动并松开即可跳转。
seek-go-to = 跳转到
seek-hint = 例如 1m30s
seek-error-help = 请按场景文件的写法输入虚拟时间：90s、1m30s、2.5s。
seek-go = 跳转
seek-go-help = 把运行移动到输入的时间。
seek-go-cursor = 跳到游标 { $time }
seek-go-cursor-help = 把运行移动到曲线图上标记的时刻（点击曲线图即可标记）。
whatif-fork = 分叉…
whatif-fork-help = 从此刻起比较运行的两种未来：A 不变，B 带上你的修改。
whatif-sweep = 参数扫描…
whatif-sweep-help = 在一组参数取值上运行场景，并画出某个指标随参数的变化。
whatif-session = 会话
whatif-session-save-help = 加载时的场景、种子以及每条带时刻的命令：打开它会逐位重放这次运行。
whatif-session-open = 打开会话…
whatif-session-open-help = 打开 .session.ron 文件（“打开…”也能打开它们，拖到窗口上也可以）。
whatif-export = 导出
whatif-fork-comparison = 分叉比较（{ $name }）
whatif-fork-reports = 它的报告在“分叉”窗口中。
whatif-live-changes = { $count } 处实时修改
whatif-replaying = · 正在重放 { $count } 条记录
whatif-replaying-help = 在此时刻之后记录的命令会在运行经过时再次应用；你做出新修改会丢弃它们。
export-series-csv = 时间序列导出为 CSV…
export-series-json = 时间序列导出为 JSON…
export-summary-csv = 摘要导出为 CSV…
export-report-html = 报告（HTML）…
export-report-markdown = 报告（Markdown）…
export-session = 保存会话…
export-series-help = 迄今运行的每个指标序列，每个采样一行。
export-summary-help = 运行的摘要数字，按 path,value 逐行列出（即 `--metric` 接受的路径）。
export-report-help = 一份自包含的报告：摘要、图表、实时修改、重要事件以及场景本身。
export-session-help = 加载时的场景、种子以及每条带精确时刻的命令：打开它会逐位重放这次运行。

## 修改、事件日志、告警

changes-none = 还没有实时修改
changes-replay = · { $count } 条已记录的命令将随运行重放
changes-save = 另存为新场景…
changes-save-help = 把应用了全部修改的场景（视为在零时刻修改）写入新的 .ron 文件。要保留修改的时刻，请保存会话。
changes-empty-help = 选中一个组件，在详情面板中修改它的任意参数；每一处修改都会列在这里。
changes-time = 时间
changes-component = 组件
changes-field = 字段
changes-from-to = 从 ➡ 到
log-info = 信息
log-warning = 警告
log-error = 错误
log-filter = 筛选
log-filter-hint = 组件或文本
log-filter-help = 只显示组件或文本中包含此内容的条目（不区分大小写）。
log-severity-help = 显示或隐藏此级别的条目。
log-total = 共记录 { $count } 条
log-no-match = 没有匹配的条目。
log-cursor-help = 把曲线图的游标移到这一时刻。
alert-failure-rate = { $subject } 的失败率 > { $limit }，持续 { $for }
alert-p95 = { $subject } 的 p95 延迟 > { $limit }，持续 { $for }
alert-backlog = { $subject } 的积压 > { $limit }，持续 { $for }
alert-lag = { $subject } 的消费积压 > { $limit }，持续 { $for }
alert-availability = { $subject } 的可用性 < { $limit }，持续 { $for }
alerts-none = 这个场景没有告警规则（`alerts: [Alert(name, when: ...)]`）。
alerts-state = 状态
alerts-state-help = FIRING（触发中）：条件已持续满足其 `for` 时长。PENDING（待定）：条件满足，但持续时间还不够。静默：条件不满足。
alerts-alert = 告警
alerts-alert-help = 规则的名称和条件（每次采样时评估，与 Prometheus 相同）。
alerts-since = 起始
alerts-since-help = 进入当前状态（或最近一次恢复）的时刻；点击可把曲线图的游标移到那里。
alerts-for = 持续
alerts-for-help = 处于当前状态已有多久，或最近一次触发持续了多久。
alerts-fired = 触发次数
alerts-fired-help = 本次运行中触发的次数，以及过去的各次触发。
alerts-firing = 触发中
alerts-pending = 待定
alerts-resolved = 已恢复
alerts-quiet = 静默
alerts-fired-for = 触发持续 { $span }
alerts-state-chip-help = 告警状态（Prometheus 语义：条件持续满足 `for` 时长之前为待定）。
alerts-on = { $condition } · 对象 { $subject }
alerts-until-now = { $from }–现在
alerts-never-fired = 从未触发。
alerts-newest-first = 最新的在前：

## 死信

dlq-time = 时间
dlq-time-help = 被放弃的时刻（虚拟时间）；点击可把曲线图的游标移到那里。
dlq-message = 消息
dlq-message-help = 消息的 ID，按生产顺序编号；点击可选中它以便重新投递。
dlq-dead-lettered = 进入死信
dlq-dead-lettered-help = 这条消息进入死信的次数（重新投递的循环保护据此比较）。
dlq-key = 键
dlq-key-help = 消息的键（决定分区和按键顺序）。
dlq-reason = 原因
dlq-reason-help = 被放弃的原因。
dlq-attempts = 尝试次数
dlq-attempts-help = 已进行的处理尝试，包括第一次。
dlq-last-error = 最后错误
dlq-last-error-help = 最后一次失败尝试的错误类别。
dlq-held-in = 存放于
dlq-held-in-help = 存放它的死信主题或停放区，以及放弃它的消费者组。
dlq-reason-filter = 原因
dlq-all = 全部
dlq-filter-hint = 键、组、错误
dlq-filter-help = 只显示键、消息 ID、存放位置、组或错误中包含此内容的死信。
dlq-held = 存有 { $held } 条
dlq-held-listed = 存有 { $held } 条（列出最新的 { $listed } 条）
dlq-none-yet = 还没有死信。
dlq-no-match = 没有匹配的死信。
dlq-parks = { $times }×（将停放）
dlq-redrive-from = 重新投递来源
dlq-redrive-all = 全部重新投递
dlq-redrive-all-help = 把那里存放的每条死信重新发布到它原来的主题。观察存量和账本中的死信数一起下降；再次失败的会回来。
dlq-redrive-reason = 重新投递“{ $reason }”
dlq-redrive-by-reason = 按原因重新投递
dlq-redrive-by-reason-help = 只重新发布因上面所选原因进入死信的消息（例如服务恢复健康后重投“circuit open”的消息，留下毒消息）。
dlq-redrive-one = 重新投递 #{ $id }
dlq-redrive-selected = 重新投递所选
dlq-redrive-selected-help = 重新发布所选的消息（点击消息 ID 选中），以及在同一时刻、同一位置被放弃的其他消息。
dlq-loop-guard = 循环保护
dlq-loop-guard-help = 进入死信次数已超过此值的消息会被停放（移到其消费者组的停放区）而不是重新投递，这样毒消息就不会无限循环。
dlq-parked-help = 停放的消息（“GROUP (parked)”）也可以重新投递；它们的计数会保留。

## 消息轨迹

journeys-none = 这个场景不追踪消息。加上 `tracing: Tracing(sample: 0.01)` 即可逐跳追踪 1 % 的根事件（或运行 `faultline trace FILE`）。
journeys-none-yet = 还没有被追踪的消息：采样的事件发布后，轨迹就会出现。
journeys-newest = 最新被追踪的消息
journeys-summary = #{ $root }，{ $at } 起 · { $steps } 步
journeys-processed = {" "}· { $count } 条已处理
journeys-ended = {" "}· { $count } 条已结束
journeys-title = 消息 #{ $root } 的轨迹
journeys-copy = 复制 JSON
journeys-copy-help = 把这条轨迹复制为 JSON（与 `faultline trace --json` 的输出相同）。
journeys-dropped = 之后的 { $count } 步没有保留（追踪的上限）。
journeys-time = +时间
journeys-message = 消息
journeys-step = 步骤
journeys-component = 组件
journeys-what = 发生了什么
journeys-emitted-by = #{ $message }，由 #{ $parent } 派生
journeys-saga-end = {" "}· Saga { $end }
journeys-saga-title = 消息 #{ $message } 的 Saga { $saga }
journeys-saga-help = 这条消息开始的 Saga，按协调者执行的顺序：每一步的各次尝试及其结果、已完成步骤的补偿（从最近的一步开始），以及结局。
journeys-saga-running = 运行中
journeys-saga-step = 步骤
journeys-saga-attempt = 尝试
journeys-saga-service = 服务
journeys-saga-outcome = 结果
journeys-saga-undo = ↩ 撤销 { $step }
journeys-saga-ok = ✔ 成功，用时 { $took }
journeys-saga-error = ✖ { $class }，用时 { $took }
journeys-saga-no-answer = 还没有应答
journeys-saga-skipped = 已跳过：它的条件不包括这个事件
journeys-saga-resumed = 从 Saga 日志恢复（触发消息再次送达）
journeys-saga-why = { $step } 失败：{ $reason }

## 可用性

avail-brokers = broker 节点
avail-brokers-help = 每个分区有一个主副本节点；它停止服务时，分区离线，直到副本接管（故障转移）或它回来。
avail-up = 在线
avail-down = 宕机
avail-cut-off = 已隔离
avail-leads = 主导 { $count } 个分区
avail-offline = 离线
avail-leaders = { $topic } 的主副本 — { $leaders }
avail-leaders-help = 主导各分区的 broker 节点（从 1 开始编号）；没有节点能主导时显示“离线”。
avail-components = 组件
avail-components-help = 实测可用性 = 在线时间 / 观察时间；MTBF = 在线时间 / 故障次数；MTTR = 每次修复的平均宕机时间。解析值 MTBF/(MTBF+MTTR) 来自场景的故障模型（如果有的话）。
avail-up-down = 运行期间的在线 / 宕机
avail-figures = 数字
avail-up-now = 当前在线。
avail-down-now = 当前宕机。
avail-analytic = （解析值 { $percent }）
avail-failures = { $count ->
    [0] {" "}· 无故障
   *[other] {" "}· { $count } 次故障
}
avail-analytic-help = 解析值是故障模型均值的 MTBF/(MTBF+MTTR)；经过多次故障，实测值会收敛到它。
avail-no-model-help = 这个组件没有故障模型（`failures:`），所以没有解析值：它的故障来自预设或注入的故障。
avail-incidents = 事件
avail-incidents-help = 自愈时间 = 发现 + 诊断 + 恢复。发现：第一个出问题的迹象（心跳、故障转移、告警）。诊断：第一个指名该组件的迹象（它自己的告警、在它上面打开的熔断器）。恢复：它重新提供服务。
avail-incident-cursor-help = 把曲线图的游标移到事件开始的时刻。
avail-detected = { $span } 后由 { $by } 发现
avail-not-detected = （尚）未发现
avail-diagnosed = 又过 { $span } 由 { $by } 诊断
avail-recovered = 于 { $at } 恢复
avail-recovering = 恢复中…
avail-phases = 发现 { $detect } + 诊断 { $diagnose } + 恢复 { $recover } = { $total }
avail-open-for = 已持续 { $span } · 发现 { $detect }
avail-phase-detect = 发现
avail-phase-diagnose = 诊断
avail-phase-recover = 恢复
avail-service-level = 服务等级
avail-service-level-help = 每个采样区间，消费者组要么达成目标（p95 延迟和成功比例），要么没有；错误预算是目标允许的坏区间比例。
avail-intervals-good = { $intervals } 个区间中 { $percent } % 达标（目标 { $target } %）
avail-objectives = 目标：p95 <= { $p95 } 且处理成功 >= { $success } %
avail-budget-blown = 错误预算已超支：花掉 { $times }×
avail-budget-spent = 错误预算已花掉 { $percent } %
avail-budget-help = 坏区间数除以预算 (1 − 目标) × 区间数：超过 100 % 就意味着承诺被打破。

## 详情面板（选中的组件）

component-producer = 生产者
component-topic = 主题
component-consumer-group = 消费者组
component-service = 服务
detail-close-help = 关闭详情。
detail-refused = 上一次修改被拒绝：{ $error }
detail-all-parameters = 全部参数
detail-live-edit = 实时修改
detail-live-edit-errors = 实时修改：错误率
detail-live-edit-latency = 实时修改：延迟
detail-rate-varies = 这个生产者的速率随时间变化（斜坡、阶梯或正弦）；不能设为单一值。
detail-messages-per-s = 条消息/秒
detail-rate-help = 生产者的平均速率；从当前虚拟时间起生效。
detail-apply-rate = 应用速率
detail-apply-help = 立即修改；修改会写入事件日志。
detail-arrivals = 到达方式
detail-mean-rate-now = 当前平均速率
detail-failed-now = 当前失败的尝试
detail-instances-up = 在线实例
detail-of = { $whole } 个中 { $part } 个
detail-concurrency = 并发度
detail-prefetch = 预取
detail-per-instance = 每个实例 { $count }
detail-instances = 实例
detail-instance = 实例
detail-busy = 忙碌
detail-buffered = 缓冲
detail-unacked = 未确认
detail-partitions = 分区
detail-concurrency-label = 并发度
detail-concurrency-help = 每个实例的工作线程数：一个实例同时处理的消息数。
detail-apply-concurrency = 应用并发度
detail-now = { $total }（当前 { $rate }）
detail-latency = 延迟
detail-error-probabilities = 错误概率
detail-errors-value = 瞬时 { $transient } · 业务 { $business } · 致命 { $fatal }
error-transient = 瞬时错误
error-transient-help = 值得重试：同样的调用稍后可能成功。
error-business = 业务错误
error-business-help = 请求本身有误：重试无济于事。
error-fatal = 致命错误
error-fatal-help = 处理程序无法继续处理这条消息。
detail-probabilities-over = 三个概率加起来超过了 100 %。
detail-apply-errors = 应用错误率
detail-durations-help = 时长按场景文件的写法：40ms、1.5s、250us。
detail-apply-latency = 应用延迟
detail-when-full = 满时策略
detail-ttl = 存活时间
detail-durable = 持久化
detail-yes = 是
detail-no = 否
detail-dead-letter-topic = 死信主题：“死信”标签页列出它存放的消息及原因。
detail-partitions-title = 分区
detail-partition = 分区 { $number }：{ $count }

## 故障注入（详情面板、可用性标签页）

fault-inject = 注入故障
fault-inject-help = 立即让这个组件出故障，效果与预设的故障相同：事件日志会记录它，可用性标签页会为该事件计时。
fault-until-recovered = 直到恢复
fault-until = 直到 { $time }
fault-in-effect = { $target }：{ $kind }，自 { $since } 起，{ $until }
fault-none = 这里没有生效中的故障。
fault-for = 持续
fault-for-help = 故障原因持续多久。之后的过程（发现、重启、故障转移、追赶进度）还需要各自的时间。
fault-target = 目标
fault-every-replica = { $name } 的所有副本
fault-every-instance = { $name } 的所有实例
fault-instances = 实例数
fault-scale = 调整规模
fault-scale-autoscaled-help = 立即设置这个组的实例数（自动扩缩容器在下一次检查时可能再次修改）。观察再均衡和消费积压。
fault-scale-help = 立即设置这个组的实例数。观察再均衡，以及超出分区数的空闲成员。
fault-recover-now = 立即恢复
fault-crash = 崩溃
fault-crash-help-1 = 服务宕机：调用立即失败（连接被拒绝）。观察熔断器打开、死信增长。
fault-crash-help-2 = 生产者停止：在此期间本应产生的事件永远不会被创建。观察生产速率降到零。
fault-crash-help-3 = 进程带着它持有的一切死掉。观察它的分区停滞到 broker 驱逐它、再均衡、被重新投递的消息，以及监管者的重启。
fault-partition = 网络分区
fault-partition-help-1 = 服务与调用方隔断：对调用方而言等同于宕机。观察失败率和熔断器。
fault-partition-help-2 = 生产者与 broker 隔断：它的发布失败。观察它的重试、发件箱的 PENDING 数，或在没有发件箱时丢失的事件。
fault-partition-help-3 = 与 broker 隔断但仍在运行：无法拉取、确认或提交。若持续超过会话超时，注意观察驱逐和重复消息。
fault-slow = 变慢
fault-slow-help-1 = 调用耗时变为这么多倍。观察延迟、慢调用率和消费积压增长：慢不等于失败，所以熔断器可能保持关闭。
fault-slow-help-2 = 处理程序自身的工作耗时变为这么多倍。观察消费积压增长和自动扩缩容器的反应。
fault-error-rate = 错误率
fault-errors-help-1 = 本会成功的调用中有这么大比例以瞬时错误失败。观察重试、熔断器的失败率和死信。
fault-errors-help-2 = 有这么大比例的处理尝试在完成工作后以瞬时错误失败。观察重试和失败尝试曲线。
fault-poison = 毒消息
fault-poison-help-1 = 它的新消息中有这么大比例是畸形的：它们以致命错误失败，从不重试。观察死信（原因：fatal error）。
fault-poison-help-2 = 发布到该主题的消息中有这么大比例是畸形的：它们以致命错误失败，直接进入死信。观察其余消息照常流动。
fault-recover-help-2 = 立即结束该服务上的所有故障。观察熔断器接下来的探测成功。
fault-recover-help-3 = 立即结束该生产者上的所有故障。
fault-recover-help-4 = 立即停止向该主题注入毒消息。
fault-recover-instance-help = 立即结束它上面的故障，并马上启动崩溃的实例（运维人员手动重启）。观察它重新加入：一次再均衡。
fault-node-crash = 崩溃
fault-node-crash-help = 机器连同磁盘一起丢失：它的分区离线，直到副本接管（或它回来）。观察主副本迁移，以及副本数为 1 时丢失了什么。
fault-node-partition = 网络分区
fault-node-partition-help = 隔断该节点：它的分区离线，数据完好。观察故障转移。
fault-node-recover = 恢复
fault-node-recover-help = 立即结束该节点上的故障。

## 分叉窗口

fork-title = 分叉：比较两种未来
fork-intro = 从运行的当前状态（{ $now }）起，A 不做任何修改继续运行，B 带上下面的修改，运行指定的时长，以公共随机数做成对重复实验：两种未来抽取相同的随机数，除非 B 的修改让某个组件的抽取方式发生了变化。
fork-changes = B 的修改（每行一个 PATH=VALUE）
fork-add-parameter = 添加参数：
fork-choose = 选择…
fork-horizon = 时长
fork-horizon-help = 两种未来从现在起运行多久（虚拟时间）：30s、2m。
fork-replications = 重复次数
fork-replications-help = 相互独立的成对未来；两次或以上时，差值会给出 95 % 置信区间。
fork-warmup = 预热
fork-warmup-help = 分叉后经过这么久才重新开始统计（0s：从分叉时刻开始）。
fork-run = 运行分叉
fork-taking-state = 正在获取运行状态…
fork-running = 正在运行 A 和 B
fork-export-html = 导出报告（HTML）…
fork-export-markdown = 导出报告（Markdown）…
fork-export-help = 差值表以及 A、B 叠加的曲线，保存为文件。
fork-summary = A：不变 · B：{ $b } —— 于 { $at } 分叉，{ $replications } 次重复，每次 { $horizon }
fork-metric = 指标
fork-a-mean = A 均值
fork-b-mean = B 均值
fork-diff = B − A
fork-ci = B − A 的 95% 置信区间
fork-significant-help = 95 % 置信区间不含零：B 确实与 A 不同。
fork-missing = （{ $replications } 次中缺 { $missing } 次）
fork-one-replication = —（只有一次重复）
fork-legend = * = 置信区间不含零。曲线：第 0 次重复，A 为蓝色实线，B 为橙色虚线；灰线标出分叉时刻。
jobs-progress = { $what }：{ $total } 次运行中已完成 { $done } 次
jobs-cancel = 取消
jobs-cancel-help = 等正在进行的运行结束后停止。

## 参数扫描窗口

sweep-title = 参数扫描：指标随参数的变化
sweep-parameter-1 = 参数 1
sweep-parameter-2 = 参数 2
sweep-parameter-2-hint = 可选：另一个 PATH=V1,V2
sweep-run-length = 运行时长
sweep-run-length-help = 每次运行的虚拟时间（留空：场景的时长）。
sweep-warmup-help = 这个虚拟时间之前的统计会被丢弃（留空：运行的 10 %）。
sweep-metrics = 指标
sweep-run = 运行扫描
sweep-running = 正在扫描
sweep-export-csv = 导出 CSV…
sweep-export-json = 导出 JSON…
sweep-plot = 曲线
sweep-against = 对照 { $path } · 均值及其 95 % 置信带，{ $replications } 次重复

## 全部参数（详情面板）

params-any-path = 任意路径
params-any-path-help = 通过点分路径设置场景的任意参数，例如用 JSON 设置整个结构：consumers.payments.circuit_breaker = {"{"}"window":{"{"}"Count":20{"}"},"failure_rate":0.5{"}"}
params-path = 路径
params-value = 值
params-set = 设置
params-set-help = 立即修改 { $path }（在输入框中按回车效果相同）。
strip-up = 在线
strip-down = 宕机

## Saga 标签页

sagas-none = 这个场景没有编排式 Saga。
saga-coordinator = 协调者 { $group }
saga-consistent = 一致
saga-consistent-help = 没有半途而废的 Saga：每一个都已完成、已补偿、在没有可撤销的步骤时失败，或者仍在进行中。
saga-inconsistent-chip = { $count } 个不一致
saga-inconsistent-help = 半途而废的 Saga（某个补偿放弃了，或转折点之后的一步失败）：它们的触发消息交给协调者的 on_exhausted，等待人工修复。
saga-started = 开始 { $count }
saga-completed = 已完成 { $count }（{ $share }）
saga-compensated = 已补偿 { $count }（{ $share }）
saga-failed = 失败 { $count }（{ $share }）
saga-inconsistent = 不一致 { $count }（{ $share }）
saga-in-progress = 进行中 { $count }（{ $running } 个运行中，{ $compensating } 个补偿中）
saga-started-help = 开始的 Saga：协调者第一次取到的每条触发消息开始一个（再次送达的触发消息会恢复它的 Saga）。
saga-completed-help = 执行完每一步（或按条件跳过）的 Saga。比例以开始的 Saga 为基数。
saga-compensated-help = 某一步最终失败、且每个带补偿的已完成步骤都已撤销（从最近的一步开始）的 Saga。
saga-failed-help = 某一步最终失败、但没有可撤销的已完成步骤的 Saga（通常是第一步失败）。
saga-inconsistent-count-help = 半途而废的 Saga：某个补偿在重试之后放弃了，或转折点之后的一步失败。
saga-in-progress-help = 正在执行或撤销步骤的 Saga，包括触发消息在崩溃后等待再次送达的。
saga-duration = 用时（开始 ➡ 结束）：平均 { $mean } · p95 { $p95 } · p99 { $p99 }
saga-recovery = 从 Saga 日志恢复 { $resumed } · 重复的步骤调用 { $duplicates } · 跳过的步骤 { $skipped }
saga-recovery-help = 恢复：触发消息再次送达后（协调者崩溃）继续执行的 Saga。重复的步骤调用：因为应答丢失而再次发出、且该步骤不是幂等的调用。跳过：条件不包括该触发消息的步骤。
saga-steps = 步骤
saga-steps-help = Saga 的各个步骤（按顺序），它们调用的服务，以及撤销每一步的方式。
saga-step = 步骤
saga-step-help = 步骤，按协调者执行的顺序。
saga-service = 服务
saga-service-help = 这一步调用的服务（它的故障与任何服务相同：在拓扑图中选中它）。
saga-command-to = 命令 → { $topic }
saga-command-help = 这一步向 { $topic } 发布命令，并等待读取该主题的消费者组回复：{ $timeouts } 次尝试没有及时收到回复，{ $late } 个回复来得太晚，已被忽略。
saga-calls = 调用
saga-calls-help = 这一步的每一次尝试，包括重试。
saga-failed-calls = 失败的调用
saga-failed-calls-help = 失败的尝试（有些重试后成功了）。
saga-failed-here = 在此失败的 Saga
saga-failed-here-help = 因为这一步最终失败（或它之后的补偿放弃了）而没有完成的 Saga。
saga-undone-by = 撤销方式
saga-undone-by-help = 后面的步骤失败时，撤销这一步的补偿。
saga-pivot = 转折点：之后不再撤销
saga-no-undo = 无需撤销
saga-compensations-none = 补偿：还没有执行。
saga-compensations = 补偿：{ $calls } 次调用，{ $failures } 次失败，{ $share } 成功
saga-compensations-help = 补偿的每一次尝试。失败的补偿按该步骤的 compensation_retry 重试；仍然失败则它的 Saga 变为不一致。
saga-reasons = Saga 没有完成的原因：{ $reasons }
saga-reasons-help = 原因的名称与 run --json 相同：某一步的错误类别、Saga 超时、放弃的补偿、转折点之后的失败、协调者放弃触发消息。
saga-plot-ends = 每秒开始和结束的 Saga
saga-plot-ends-help = 来自指标历史中这个 Saga 的序列：每秒虚拟时间开始、完成、已补偿、失败和不一致的 Saga 数。
saga-plot-in-progress = 进行中的 Saga
saga-plot-in-progress-help = 每次采样时正在执行步骤的 Saga 和正在补偿的 Saga。
saga-end-completed = 已完成
saga-end-compensated = 已补偿
saga-end-failed = 失败
saga-end-inconsistent = 不一致

## 熔断器状态转换的原因（带数字）。
breaker-window-probes = { $count } 次探测调用
breaker-window-last-calls = 最近 { $count } 次调用
breaker-window-last-seconds = 最近 { $count } 秒
breaker-window-nothing = 不做记录
breaker-over-last-calls = 最近 { $calls } 次调用中
breaker-over-last-seconds = 最近 { $seconds } 秒内（{ $calls } 次调用）
breaker-over-probes = { $calls } 次探测调用中
breaker-cause-failure-exceeded = { $over }失败率 { $failure } ≥ { $failure_threshold }
breaker-cause-slow-exceeded = { $over }慢调用率 { $slow } ≥ { $slow_threshold }
breaker-cause-both-exceeded = { $over }失败率 { $failure } ≥ { $failure_threshold }，且慢调用率 { $slow } ≥ { $slow_threshold }
breaker-cause-probes-below = { $over }失败率 { $failure } < { $failure_threshold }，且慢调用率 { $slow } < { $slow_threshold }
breaker-cause-open-elapsed = 已打开满 { $open_for }；放行 { $probes } 个探测调用
breaker-cause-command = 由命令设置
breaker-cause-removed = 实时修改移除了 circuit_breaker（放行所有调用，不做任何记录）
breaker-cause-restored = 实时修改重新设置了 circuit_breaker（窗口清空重来）

## 事件日志条目。
log-breaker-transition = { $from } → { $to }：{ $reason }
log-breaker-would-open = METRICS_ONLY：本应打开：{ $reason }
log-breaker-reset = { $state } 已重置
log-alert-resolved = 告警 `{ $name }` 已恢复
log-replica-up = 已恢复服务
log-ejected = 连续 { $errors } 次错误后被剔除出负载均衡 { $duration }（第 { $ejection } 次剔除）
log-crashed = 崩溃：内存中的 { $lost } 条消息丢失，等待 broker 重新投递
log-crashed-failure = 故障：内存中的 { $lost } 条消息丢失，等待 broker 重新投递
log-cut-off = 与 broker 断开：无法拉取、确认或提交；继续处理手上的 { $held } 条消息
log-reconnected = 已重新连上 broker
log-supervisor-noticed = 监管者发现它已宕机；{ $delay } 后重启
log-crash-loop = 重启后再次崩溃：原因仍在（CrashLoopBackOff）；{ $delay } 后再次重启
log-crash-cause-gone = 崩溃的原因已消失，但没有监管者来重启它：在用命令恢复之前一直宕机
log-repaired-but-crashed = 已修复，但崩溃故障仍使它宕机
log-rebalance-done = 再均衡完成：{ $partitions } 个分区分配给 { $members } 个成员
log-rebalance-done-idle = { $done }；空闲（成员多于分区）：{ $idle }
log-failover = 故障转移：{ $moved } 个分区改由副本主导，{ $stuck } 个仍离线（没有可用副本）
log-serving-again = 重新开始服务；主导 { $partitions } 个此前离线的分区
log-dead-letters = 最近 { $interval } 内 { $count } 条死信
log-fault-crash = 崩溃
log-fault-slow = 变慢 ×{ $factor }
log-fault-error-rate = 错误率 { $rate }
log-fault-partition = 网络分区
log-fault-poison = 毒消息 { $fraction }
log-fault-started = 故障：{ $fault }，持续 { $duration }
log-fault-started-until-cleared = 故障：{ $fault }，直到被清除
log-fault-over = 故障结束：{ $fault }
log-replica-down = 宕机（{ $cause }）：调用快速失败；{ $cut_short } 个进行中的调用被中断
log-node-down = 宕机（{ $cause }）：{ $leaders } 个分区的主副本离线；{ $failover_in } 后故障转移
log-started = 已启动（{ $by }）
log-evicted = 被驱逐出消费者组（{ $by }）；{ $redelivered } 条消息重新投递
log-rebalance = 再均衡（{ $why }）：消费者组暂停 { $pause }
log-scaled = 实例数从 { $from } 调整为 { $to }（{ $why }）
log-autoscaler = 自动扩缩容：消费积压 { $lag }，目标每实例 { $target }
log-partition-lost = 分区 { $partition }：{ $lost } 条消息随 { $node } 丢失（{ $reason }）
log-alert-firing = 告警 `{ $name }` 触发：{ $subject } 的{ $what } { $value } { $op } { $threshold }，持续 { $sustained }
log-reseeded = 已重设种子：每个随机流都由种子 { $seed } 重新派生
log-scaled-by-command = 实例数从 { $from } 调整为 { $to }
log-breaker-set = 调用 `{ $service }` 的熔断器被设为 { $state }
log-redriven = 重新投递：选中 { $selected } 条，重新发布 { $redriven } 条，{ $guarded } 条被循环保护停放（进入死信超过 { $loop_guard } 次），{ $refused } 条留在原处（被拒绝）
log-injected = 注入故障：{ $fault }，持续 { $duration }
log-injected-until-cleared = 注入故障：{ $fault }，直到被清除
log-recovered = 立即恢复：清除 { $cleared } 个故障，修复 { $repaired } 个，重启 { $restarted } 个
log-rate-set = 速率设为 { $rate }/s
log-concurrency-set = 并发数设为 { $concurrency }
log-errors-set = 错误率设为：瞬时 { $transient }，业务 { $business }，致命 { $fatal }
log-no-change = `{ $path }`：没有变化（已经是这个值）
## 日志条目中的短语。
log-phrase-crash = 崩溃
log-phrase-slow = 变慢
log-phrase-error-rate = 错误率
log-phrase-partition = 网络分区
log-phrase-poison = 毒消息
log-phrase-failure = 故障
log-phrase-restarted-by-hand = 手动重启
log-phrase-repaired = 已修复
log-phrase-supervisor-restart = 监管者重启
log-phrase-heartbeat-lost-session-timeout = 心跳丢失：会话超时
log-phrase-left-out-of-the-rebalance = 未参与再均衡
log-phrase-replaced-by-its-restart = 被重启后的实例取代
log-phrase-member-evicted = 成员被驱逐
log-phrase-member-joined = 成员加入
log-phrase-member-rejoined = 成员重新加入
log-phrase-scaled = 扩缩容
log-phrase-command = 命令
log-phrase-live-change = 实时修改
log-phrase-failure-rate = 失败率
log-phrase-p95-latency-ms = p95 延迟（ms）
log-phrase-backlog = 积压
log-phrase-consumer-lag = 消费积压
log-phrase-availability = 可用性

## 检查清单中每项预期下的说明。
check-between = 介于 { $low } 和 { $high } 之间
check-at-least = 至少 { $value }
check-at-most = 至多 { $value }
check-anything = 任意值
check-text = { $text }
check-no-value = { $path } 没有值
check-zero-denominator = { $metric } / { $per } 无定义：{ $per } 为 0
check-metric-value = { $metric } = { $value }
check-ratio-value = { $metric } / { $per } = { $numerator } / { $denominator } = { $value }
check-when-end = 运行结束时
check-when-at = 在 { $time } 时
check-so-far-expected = 目前 { $value }（预期{ $when }{ $expected }）
check-value-expected = { $value }（预期{ $expected }）
check-value-at-expected = { $time } 时 { $value }（预期{ $expected }）
check-observed-late = { $sentence }（在 { $now } 观测，晚于 { $at }：运行没有在 { $at } 停下）
check-not-reached = 未判定：运行在 { $now } 结束，早于 { $decidable }（{ $sentence }）
check-breaker-opens = 熔断器 { $name } 打开
check-breaker-half-opens = 熔断器 { $name } 进入半开
check-breaker-closes = 熔断器 { $name } 关闭
check-alert-fires = 告警 `{ $name }` 触发
check-alert-resolves = 告警 `{ $name }` 恢复
check-log-says = 事件日志出现“{ $text }”
check-log-says-about = 事件日志中 { $component } 出现“{ $text }”
check-times-never = 一次也不发生
check-times-exactly = 恰好 { $count } 次
check-times-between = { $low } 到 { $high } 次
check-times-at-least = 至少 { $count } 次
check-times-at-most = 至多 { $count } 次
check-event-count = { $what }：{ $window } 内 { $count } 次（预期{ $expected }）
check-event-count-first = { $what }：{ $window } 内 { $count } 次，首次在 { $first }（预期{ $expected }）
check-value-at = { $value }（{ $time }）
check-range = 最小 { $min }，最大 { $max }
check-series-no-sample = { $window } 内还没有 { $key } 的样本（预期{ $expected }）
check-series-outside = { $key } 为 { $sample }（预期 { $window } 内每个样本都{ $expected }）
check-series-each = { $window } 内 { $key } 的每个样本都{ $expected }：{ $range }（{ $samples } 个样本）
check-series-each-so-far = { $window } 内 { $key } 的每个样本目前都{ $expected }：{ $range }（{ $samples } 个样本）
check-series-max = { $window } 内 { $key } 的最大值：{ $sample }（预期{ $expected }）
check-series-max-so-far = { $window } 内 { $key } 目前的最大值：{ $sample }（预期{ $expected }）
check-series-min = { $window } 内 { $key } 的最小值：{ $sample }（预期{ $expected }）
check-series-min-so-far = { $window } 内 { $key } 目前的最小值：{ $sample }（预期{ $expected }）
check-series-mean = { $window } 内 { $key } 的平均值：{ $value }，共 { $samples } 个样本（预期{ $expected }）
check-series-mean-so-far = { $window } 内 { $key } 目前的平均值：{ $value }，共 { $samples } 个样本（预期{ $expected }）
check-law-no-value = { $name } 还没有值
check-law-no-sample = 还没有样本
check-law-nothing-processed = { $name } 还没有处理任何消息
check-law-no-availability = { $name } 的可用性还没有值
check-law-model-mismatch = 定律与其模型不匹配
check-law-no-time = 还没有经过任何时间
check-law-no-timeline = `{ $name }` 没有可用性时间线
check-law-timeline-evicted = { $name } 的状态变化过于频繁，时间线无法覆盖整个运行（只保留最近 512 次变化），而且该结构没有从运行开始就被监视
check-law-little = L = { $l } 条消息（{ $group } 的时间平均消费积压），λW = { $lambda }/s × { $w } ms = { $lw }
check-law-erlang-c = Erlang C 在 λ = { $lambda }/s、μ = { $mu }/s、c = { $c }（ρ = { $rho }）时预测 W = { $predicted } ms；{ $group } 实测 { $measured } ms
check-law-availability = { $component } 可用的时间占 { $observed }；MTBF/(MTBF+MTTR) = { $mtbf }/({ $mtbf } + { $mttr }) = { $predicted }
check-law-parallel = { $group } 的 { $instances } 个实例中至少一个可用的时间占 { $observed }；1 − Π(1 − Aᵢ) = 1 − (1 − { $each })^{ $instances } = { $predicted }
check-law-serial = { $components } 全部可用的时间占 { $observed }；Π Aᵢ = { $factors } = { $predicted }
check-law-deviation = { $sides }：偏差 { $deviation }（容差 ±{ $tolerance }）
check-law-so-far = 目前为止：{ $sentence }
## 作者没有命名的预期的标题。
check-title-metric = { $metric } { $expected }
check-title-metric-at = { $time } 时 { $metric } { $expected }
check-title-series-each = { $window } 内 { $key } 的每个样本都{ $expected }
check-title-series-max = { $window } 内 { $key } 的最大值{ $expected }
check-title-series-min = { $window } 内 { $key } 的最小值{ $expected }
check-title-series-mean = { $window } 内 { $key } 的平均值{ $expected }
check-title-event = { $window } 内{ $what }{ $expected }
check-title-little = 利特尔法则 L = λW 对 { $group } 成立（容差 ±{ $tolerance }）
check-title-erlang-c = { $group } 的平均延迟与 Erlang C 相符（容差 ±{ $tolerance }）
check-title-availability = { $component } 的可用性与 MTBF/(MTBF+MTTR) 相符（容差 ±{ $tolerance }）
check-title-parallel = { $group }（任一实例可用）与 1 − Π(1 − Aᵢ) 相符（容差 ±{ $tolerance }）
check-title-serial = { $components }（全部可用）与 Π Aᵢ 相符（容差 ±{ $tolerance }）

## 场景校验器带位置的消息：位置、字段路径和文件中的名字保持原样。
scenario-located = { $location }: 字段 { $path }：{ $message }
scenario-located-file = { $location }: { $message }
scenario-with-help = { $message }（{ $help }）
## 常见消息（与代码中的英文一一对应；其他消息仍显示英文）。
scenario-msg-unknown-topic = 未知的主题 `{ $name }`
scenario-msg-unknown-service = 未知的服务 `{ $name }`
scenario-msg-unknown-producer = 未知的生产者 `{ $name }`
scenario-msg-unknown-group = 未知的消费者组 `{ $name }`
scenario-msg-unknown-client = 未知的客户端 `{ $name }`
scenario-msg-unknown-alert = 未知的告警 `{ $name }`
scenario-msg-unknown-component = 未知的组件 `{ $name }`
scenario-msg-unknown-field = 未知字段 `{ $name }`
scenario-msg-unknown-field-in = `{ $outer }` 中的未知字段 `{ $name }`
scenario-msg-unknown-variant = 未知的变体 `{ $name }`
scenario-msg-unknown-variant-of = `{ $outer }` 没有变体 `{ $name }`
scenario-msg-missing-field = 缺少字段 `{ $field }`（它没有默认值）
scenario-msg-missing-field-in = `{ $outer }` 缺少字段 `{ $field }`（它没有默认值）
scenario-msg-field-twice = 字段 `{ $field }` 出现了两次
scenario-msg-field-twice-in = 字段 `{ $field }` 在 `{ $outer }` 中出现了两次
scenario-msg-not-empty = 不能为空
scenario-msg-at-least = 至少应为 { $min }
scenario-msg-at-least-found = 至少应为 { $min }，实际为 { $value }
scenario-msg-longer-than = 必须长于 { $min }
scenario-msg-above-found = 必须大于 { $min }，实际为 { $value }
scenario-msg-more-than-found = 必须大于 { $min }，实际为 { $value }
scenario-msg-probability = 必须是 0 到 1 之间的概率，实际为 { $value }
scenario-msg-finite = 必须是有限的数，实际为 { $value }
scenario-msg-above-limit = { $value } 超过了 faultline 的上限 { $limit }
scenario-msg-listed-twice = `{ $name }` 被列出了两次
scenario-msg-max-below-min = max（{ $max }）小于 min（{ $min }）
scenario-msg-max-below-initial = max（{ $max }）小于 initial（{ $initial }）
scenario-msg-max-above-min = max（{ $max }）必须大于 min（{ $min }）
scenario-msg-expected-one-of = 应为以下之一：{ $list }
scenario-msg-did-you-mean = 是不是想写 `{ $name }`？
scenario-msg-no-scenario = 文件里没有场景（它是空的，或者只有注释）
scenario-msg-starts-with = 场景以 `Scenario(` 开头
