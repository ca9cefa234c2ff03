<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>AutomagikTelemetry</name>
    <message>
        <source>this application</source>
        <translation>this application</translation>
    </message>
    <message>
        <source>Help improve %1</source>
        <translation>Help improve %1</translation>
    </message>
    <message>
        <source>%1 can send anonymous usage statistics to its developers. They show which features are used and where the application is slow or fails, so the next versions can be better. Nothing is sent unless you allow it.</source>
        <translation>%1 can send anonymous usage statistics to its developers. They show which features are used and where the application is slow or fails, so the next versions can be better. Nothing is sent unless you allow it.</translation>
    </message>
    <message>
        <source>What is sent</source>
        <translation>What is sent</translation>
    </message>
    <message>
        <source>Which features you use and how often</source>
        <translation>Which features you use and how often</translation>
    </message>
    <message>
        <source>How long operations take, and errors that occur</source>
        <translation>How long operations take, and errors that occur</translation>
    </message>
    <message>
        <source>The application version, the operating system and its version</source>
        <translation>The application version, the operating system and its version</translation>
    </message>
    <message>
        <source>A random identifier that is not linked to you and changes if you opt out</source>
        <translation>A random identifier that is not linked to you and changes if you opt out</translation>
    </message>
    <message>
        <source>When the application crashes: the signal that ended it, the addresses on its stack and the versions, never the contents of its memory</source>
        <translation>When the application crashes: the signal that ended it, the addresses on its stack and the versions, never the contents of its memory</translation>
    </message>
    <message>
        <source>When the application ended unexpectedly, and how long it had been running</source>
        <translation>When the application ended unexpectedly, and how long it had been running</translation>
    </message>
    <message>
        <source>When the application stopped responding, and for how long</source>
        <translation>When the application stopped responding, and for how long</translation>
    </message>
    <message>
        <source>Some of the application&apos;s warning messages, with personal data removed</source>
        <translation>Some of the application&apos;s warning messages, with personal data removed</translation>
    </message>
    <message>
        <source>When the application starts and quits: how often it has been started, how long starting took and how long it was used</source>
        <translation>When the application starts and quits: how often it has been started, how long starting took and how long it was used</translation>
    </message>
    <message>
        <source>The number, size and resolution of your screens, and the language and style of the user interface</source>
        <translation>The number, size and resolution of your screens, and the language and style of the user interface</translation>
    </message>
    <message>
        <source>What is never sent</source>
        <translation>What is never sent</translation>
    </message>
    <message>
        <source>Your name, e-mail address or other personal details</source>
        <translation>Your name, e-mail address or other personal details</translation>
    </message>
    <message>
        <source>The contents or names of your files and documents</source>
        <translation>The contents or names of your files and documents</translation>
    </message>
    <message>
        <source>Passwords, keys or anything you type</source>
        <translation>Passwords, keys or anything you type</translation>
    </message>
    <message>
        <source>Your IP address or location</source>
        <translation>Your IP address or location</translation>
    </message>
    <message>
        <source>You can change your answer at any time in the settings.</source>
        <translation>You can change your answer at any time in the settings.</translation>
    </message>
    <message>
        <source>Privacy policy</source>
        <translation>Privacy policy</translation>
    </message>
    <message>
        <source>Show what is sent</source>
        <translation>Show what is sent</translation>
    </message>
    <message>
        <source>Hide the example</source>
        <translation>Hide the example</translation>
    </message>
    <message>
        <source>This is an example of one report, exactly as it would be sent:</source>
        <translation>This is an example of one report, exactly as it would be sent:</translation>
    </message>
    <message>
        <source>Allow</source>
        <translation>Allow</translation>
    </message>
    <message>
        <source>Don&apos;t allow</source>
        <translation>Don&apos;t allow</translation>
    </message>
    <message>
        <source>Send anonymous usage statistics</source>
        <translation>Send anonymous usage statistics</translation>
    </message>
    <message>
        <source>Helps the developers of %1. No personal data is sent.</source>
        <translation>Helps the developers of %1. No personal data is sent.</translation>
    </message>
    <message>
        <source>Usage statistics are turned off by your administrator.</source>
        <translation>Usage statistics are turned off by your administrator.</translation>
    </message>
    <message>
        <source>Sent usage statistics</source>
        <translation>Sent usage statistics</translation>
    </message>
    <message>
        <source>Nothing has been sent.</source>
        <translation>Nothing has been sent.</translation>
    </message>
    <message>
        <source>Clear history</source>
        <translation>Clear history</translation>
    </message>
    <message>
        <source>Every report sent from this computer is listed here for 30 days.</source>
        <translation>Every report sent from this computer is listed here for 30 days.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Usage statistics are turned off by a setting on this computer.</source>
        <translation>Usage statistics are turned off by a setting on this computer.</translation>
    </message>
    <message>
        <source>Only the beginning of this report was kept.</source>
        <translation>Only the beginning of this report was kept.</translation>
    </message>
    <message>
        <source>performance metrics</source>
        <translation>performance metrics</translation>
    </message>
    <message>
        <source>diagnostics</source>
        <translation>diagnostics</translation>
    </message>
    <message>
        <source>usage events</source>
        <translation>usage events</translation>
    </message>
    <message numerus="yes">
        <source>%n %1 sent to %2</source>
        <translation>
            <numerusform>%n record (%1) sent to %2</numerusform>
            <numerusform>%n %1 sent to %2</numerusform>
        </translation>
    </message>
    <message>
        <source>Usage statistics are turned on by the environment variable %1.</source>
        <translation>Usage statistics are turned on by the environment variable %1.</translation>
    </message>
    <message>
        <source>Usage statistics are turned off by the environment variable %1.</source>
        <translation>Usage statistics are turned off by the environment variable %1.</translation>
    </message>
    <message>
        <source>Usage statistics are turned off for all Automagik applications on this computer.</source>
        <translation>Usage statistics are turned off for all Automagik applications on this computer.</translation>
    </message>
    <message>
        <source>Usage statistics are turned on by your answer in another Automagik application.</source>
        <translation>Usage statistics are turned on by your answer in another Automagik application.</translation>
    </message>
    <message>
        <source>Usage statistics are turned off by your answer in another Automagik application.</source>
        <translation>Usage statistics are turned off by your answer in another Automagik application.</translation>
    </message>
    <message>
        <source>Usage statistics are turned off on continuous integration systems (%1 is set).</source>
        <translation>Usage statistics are turned off on continuous integration systems (%1 is set).</translation>
    </message>
    <message>
        <source>Usage statistics are turned off in development and test environments (%1).</source>
        <translation>Usage statistics are turned off in development and test environments (%1).</translation>
    </message>
</context>
</TS>
