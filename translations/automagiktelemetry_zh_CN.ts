<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AutomagikTelemetry</name>
    <message>
        <source>this application</source>
        <translation>此应用程序</translation>
    </message>
    <message>
        <source>Help improve %1</source>
        <translation>帮助改进%1</translation>
    </message>
    <message>
        <source>%1 can send anonymous usage statistics to its developers. They show which features are used and where the application is slow or fails, so the next versions can be better. Nothing is sent unless you allow it.</source>
        <translation>%1可以向其开发者发送匿名使用统计信息。这些信息可以反映哪些功能被使用，以及应用程序在哪些地方运行缓慢或出错，从而让后续版本变得更好。未经您允许，不会发送任何内容。</translation>
    </message>
    <message>
        <source>What is sent</source>
        <translation>会发送的内容</translation>
    </message>
    <message>
        <source>Which features you use and how often</source>
        <translation>您使用哪些功能以及使用频率</translation>
    </message>
    <message>
        <source>How long operations take, and errors that occur</source>
        <translation>操作耗时以及发生的错误</translation>
    </message>
    <message>
        <source>The application version, the operating system and its version</source>
        <translation>应用程序版本、操作系统及其版本</translation>
    </message>
    <message>
        <source>A random identifier that is not linked to you and changes if you opt out</source>
        <translation>一个不与您关联的随机标识符，在您选择退出后会更换</translation>
    </message>
    <message>
        <source>When the application crashes: the signal that ended it, the addresses on its stack and the versions, never the contents of its memory</source>
        <translation>应用程序崩溃时：导致其终止的信号、其堆栈上的地址以及版本号，绝不包含其内存内容</translation>
    </message>
    <message>
        <source>When the application ended unexpectedly, and how long it had been running</source>
        <translation>应用程序意外终止的情况，以及它已运行的时长</translation>
    </message>
    <message>
        <source>When the application stopped responding, and for how long</source>
        <translation>应用程序停止响应的情况，以及持续的时长</translation>
    </message>
    <message>
        <source>Some of the application&apos;s warning messages, with personal data removed</source>
        <translation>应用程序的部分警告消息，已去除个人数据</translation>
    </message>
    <message>
        <source>When the application starts and quits: how often it has been started, how long starting took and how long it was used</source>
        <translation>应用程序的启动和退出：已启动的次数、启动所用的时间以及使用的时长</translation>
    </message>
    <message>
        <source>The number, size and resolution of your screens, and the language and style of the user interface</source>
        <translation>屏幕的数量、尺寸和分辨率，以及用户界面的语言和样式</translation>
    </message>
    <message>
        <source>What is never sent</source>
        <translation>绝不会发送的内容</translation>
    </message>
    <message>
        <source>Your name, e-mail address or other personal details</source>
        <translation>您的姓名、电子邮件地址或其他个人信息</translation>
    </message>
    <message>
        <source>The contents or names of your files and documents</source>
        <translation>您的文件和文档的内容或名称</translation>
    </message>
    <message>
        <source>Passwords, keys or anything you type</source>
        <translation>密码、密钥或您输入的任何内容</translation>
    </message>
    <message>
        <source>Your IP address or location</source>
        <translation>您的 IP 地址或位置</translation>
    </message>
    <message>
        <source>You can change your answer at any time in the settings.</source>
        <translation>您可以随时在设置中更改您的选择。</translation>
    </message>
    <message>
        <source>Privacy policy</source>
        <translation>隐私政策</translation>
    </message>
    <message>
        <source>Show what is sent</source>
        <translation>显示发送的内容</translation>
    </message>
    <message>
        <source>Hide the example</source>
        <translation>隐藏示例</translation>
    </message>
    <message>
        <source>This is an example of one report, exactly as it would be sent:</source>
        <translation>以下是一份报告的示例，与实际发送的内容完全一致：</translation>
    </message>
    <message>
        <source>Allow</source>
        <translation>允许</translation>
    </message>
    <message>
        <source>Don&apos;t allow</source>
        <translation>不允许</translation>
    </message>
    <message>
        <source>Send anonymous usage statistics</source>
        <translation>发送匿名使用统计信息</translation>
    </message>
    <message>
        <source>Helps the developers of %1. No personal data is sent.</source>
        <translation>帮助%1的开发者改进产品。不会发送任何个人数据。</translation>
    </message>
    <message>
        <source>Usage statistics are turned off by your administrator.</source>
        <translation>您的管理员已关闭使用统计信息。</translation>
    </message>
    <message>
        <source>Sent usage statistics</source>
        <translation>已发送的使用统计信息</translation>
    </message>
    <message>
        <source>Nothing has been sent.</source>
        <translation>尚未发送任何内容。</translation>
    </message>
    <message>
        <source>Clear history</source>
        <translation>清除历史记录</translation>
    </message>
    <message>
        <source>Every report sent from this computer is listed here for 30 days.</source>
        <translation>从此计算机发送的每份报告都会在此列出，保留 30 天。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message numerus="yes">
        <source>%n %1 sent to %2</source>
        <translation>
            <numerusform>已向 %2 发送 %n 条%1</numerusform>
        </translation>
    </message>
    <message>
        <source>Usage statistics are turned off by a setting on this computer.</source>
        <translation>此计算机上的某项设置已关闭使用统计信息。</translation>
    </message>
    <message>
        <source>Only the beginning of this report was kept.</source>
        <translation>此报告仅保留了开头部分。</translation>
    </message>
    <message>
        <source>performance metrics</source>
        <translation>性能指标</translation>
    </message>
    <message>
        <source>diagnostics</source>
        <translation>诊断信息</translation>
    </message>
    <message>
        <source>usage events</source>
        <translation>使用事件</translation>
    </message>
    <message>
        <source>Usage statistics are turned on by the environment variable %1.</source>
        <translation>环境变量 %1 已开启使用统计信息。</translation>
    </message>
    <message>
        <source>Usage statistics are turned off by the environment variable %1.</source>
        <translation>环境变量 %1 已关闭使用统计信息。</translation>
    </message>
    <message>
        <source>Usage statistics are turned off for all Automagik applications on this computer.</source>
        <translation>此计算机上所有 Automagik 应用程序的使用统计信息均已关闭。</translation>
    </message>
    <message>
        <source>Usage statistics are turned on by your answer in another Automagik application.</source>
        <translation>您在另一个 Automagik 应用程序中的回答已开启使用统计信息。</translation>
    </message>
    <message>
        <source>Usage statistics are turned off by your answer in another Automagik application.</source>
        <translation>您在另一个 Automagik 应用程序中的回答已关闭使用统计信息。</translation>
    </message>
    <message>
        <source>Usage statistics are turned off on continuous integration systems (%1 is set).</source>
        <translation>在持续集成系统上，使用统计信息已关闭（已设置 %1）。</translation>
    </message>
    <message>
        <source>Usage statistics are turned off in development and test environments (%1).</source>
        <translation>在开发和测试环境中，使用统计信息已关闭（%1）。</translation>
    </message>
</context>
</TS>
