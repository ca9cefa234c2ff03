<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr">
<context>
    <name>AutomagikTelemetry</name>
    <message>
        <source>this application</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Help improve %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 can send anonymous usage statistics to its developers. They show which features are used and where the application is slow or fails, so the next versions can be better. Nothing is sent unless you allow it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What is sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which features you use and how often</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How long operations take, and errors that occur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The application version, the operating system and its version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A random identifier that is not linked to you and changes if you opt out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What is never sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your name, e-mail address or other personal details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The contents or names of your files and documents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passwords, keys or anything you type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your IP address or location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You can change your answer at any time in the settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Privacy policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show what is sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide the example</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is an example of one report, exactly as it would be sent:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Don&apos;t allow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send anonymous usage statistics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Helps the developers of %1. No personal data is sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage statistics are turned off by your administrator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent usage statistics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing has been sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every report sent from this computer is listed here for 30 days.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n %1 sent to %2</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
</TS>
