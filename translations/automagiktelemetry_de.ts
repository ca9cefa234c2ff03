<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>AutomagikTelemetry</name>
    <message>
        <source>this application</source>
        <translation>diese Anwendung</translation>
    </message>
    <message>
        <source>Help improve %1</source>
        <translation>Helfen Sie, %1 zu verbessern</translation>
    </message>
    <message>
        <source>%1 can send anonymous usage statistics to its developers. They show which features are used and where the application is slow or fails, so the next versions can be better. Nothing is sent unless you allow it.</source>
        <translation>%1 kann anonyme Nutzungsstatistiken an die Entwickler senden. Diese zeigen, welche Funktionen verwendet werden und wo die Anwendung langsam ist oder Fehler auftreten, damit die nächsten Versionen besser werden. Es wird nichts gesendet, solange Sie es nicht erlauben.</translation>
    </message>
    <message>
        <source>What is sent</source>
        <translation>Was gesendet wird</translation>
    </message>
    <message>
        <source>Which features you use and how often</source>
        <translation>Welche Funktionen Sie wie oft verwenden</translation>
    </message>
    <message>
        <source>How long operations take, and errors that occur</source>
        <translation>Wie lange Vorgänge dauern und welche Fehler auftreten</translation>
    </message>
    <message>
        <source>The application version, the operating system and its version</source>
        <translation>Die Version der Anwendung sowie das Betriebssystem und dessen Version</translation>
    </message>
    <message>
        <source>A random identifier that is not linked to you and changes if you opt out</source>
        <translation>Eine zufällige Kennung, die nicht mit Ihnen verknüpft ist und sich ändert, wenn Sie Ihre Zustimmung widerrufen</translation>
    </message>
    <message>
        <source>When the application crashes: the signal that ended it, the addresses on its stack and the versions, never the contents of its memory</source>
        <translation>Wenn die Anwendung abstürzt: das Signal, das sie beendet hat, die Adressen auf ihrem Stack und die Versionen, nie der Inhalt ihres Speichers</translation>
    </message>
    <message>
        <source>When the application ended unexpectedly, and how long it had been running</source>
        <translation>Wenn die Anwendung unerwartet beendet wurde, und wie lange sie gelaufen war</translation>
    </message>
    <message>
        <source>When the application stopped responding, and for how long</source>
        <translation>Wenn die Anwendung nicht mehr reagiert hat, und wie lange</translation>
    </message>
    <message>
        <source>Some of the application&apos;s warning messages, with personal data removed</source>
        <translation>Einige Warnmeldungen der Anwendung, ohne persönliche Daten</translation>
    </message>
    <message>
        <source>When the application starts and quits: how often it has been started, how long starting took and how long it was used</source>
        <translation>Wann die Anwendung startet und beendet wird: wie oft sie gestartet wurde, wie lange der Start gedauert hat und wie lange sie benutzt wurde</translation>
    </message>
    <message>
        <source>The number, size and resolution of your screens, and the language and style of the user interface</source>
        <translation>Anzahl, Größe und Auflösung Ihrer Bildschirme sowie Sprache und Stil der Benutzeroberfläche</translation>
    </message>
    <message>
        <source>What is never sent</source>
        <translation>Was niemals gesendet wird</translation>
    </message>
    <message>
        <source>Your name, e-mail address or other personal details</source>
        <translation>Ihr Name, Ihre E-Mail-Adresse oder andere persönliche Angaben</translation>
    </message>
    <message>
        <source>The contents or names of your files and documents</source>
        <translation>Inhalte oder Namen Ihrer Dateien und Dokumente</translation>
    </message>
    <message>
        <source>Passwords, keys or anything you type</source>
        <translation>Passwörter, Schlüssel oder alles, was Sie eingeben</translation>
    </message>
    <message>
        <source>Your IP address or location</source>
        <translation>Ihre IP-Adresse oder Ihr Standort</translation>
    </message>
    <message>
        <source>You can change your answer at any time in the settings.</source>
        <translation>Sie können Ihre Antwort jederzeit in den Einstellungen ändern.</translation>
    </message>
    <message>
        <source>Privacy policy</source>
        <translation>Datenschutzerklärung</translation>
    </message>
    <message>
        <source>Show what is sent</source>
        <translation>Anzeigen, was gesendet wird</translation>
    </message>
    <message>
        <source>Hide the example</source>
        <translation>Beispiel ausblenden</translation>
    </message>
    <message>
        <source>This is an example of one report, exactly as it would be sent:</source>
        <translation>Dies ist ein Beispiel für einen Bericht, genau so, wie er gesendet würde:</translation>
    </message>
    <message>
        <source>Allow</source>
        <translation>Zulassen</translation>
    </message>
    <message>
        <source>Don&apos;t allow</source>
        <translation>Nicht zulassen</translation>
    </message>
    <message>
        <source>Send anonymous usage statistics</source>
        <translation>Anonyme Nutzungsstatistiken senden</translation>
    </message>
    <message>
        <source>Helps the developers of %1. No personal data is sent.</source>
        <translation>Hilft den Entwicklern, %1 zu verbessern. Es werden keine personenbezogenen Daten gesendet.</translation>
    </message>
    <message>
        <source>Usage statistics are turned off by your administrator.</source>
        <translation>Nutzungsstatistiken wurden von Ihrem Administrator deaktiviert.</translation>
    </message>
    <message>
        <source>Sent usage statistics</source>
        <translation>Gesendete Nutzungsstatistiken</translation>
    </message>
    <message>
        <source>Nothing has been sent.</source>
        <translation>Es wurde noch nichts gesendet.</translation>
    </message>
    <message>
        <source>Clear history</source>
        <translation>Verlauf löschen</translation>
    </message>
    <message>
        <source>Every report sent from this computer is listed here for 30 days.</source>
        <translation>Jeder von diesem Computer gesendete Bericht wird hier 30 Tage lang aufgeführt.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message numerus="yes">
        <source>%n %1 sent to %2</source>
        <translation>
            <numerusform>%n Eintrag (%1) an %2 gesendet</numerusform>
            <numerusform>%n %1 an %2 gesendet</numerusform>
        </translation>
    </message>
    <message>
        <source>Usage statistics are turned off by a setting on this computer.</source>
        <translation>Nutzungsstatistiken sind durch eine Einstellung auf diesem Computer deaktiviert.</translation>
    </message>
    <message>
        <source>Only the beginning of this report was kept.</source>
        <translation>Von diesem Bericht wurde nur der Anfang gespeichert.</translation>
    </message>
    <message>
        <source>performance metrics</source>
        <translation>Leistungsmesswerte</translation>
    </message>
    <message>
        <source>diagnostics</source>
        <translation>Diagnosemeldungen</translation>
    </message>
    <message>
        <source>usage events</source>
        <translation>Nutzungsereignisse</translation>
    </message>
    <message>
        <source>Usage statistics are turned on by the environment variable %1.</source>
        <translation>Nutzungsstatistiken sind durch die Umgebungsvariable %1 aktiviert.</translation>
    </message>
    <message>
        <source>Usage statistics are turned off by the environment variable %1.</source>
        <translation>Nutzungsstatistiken sind durch die Umgebungsvariable %1 deaktiviert.</translation>
    </message>
    <message>
        <source>Usage statistics are turned off for all Automagik applications on this computer.</source>
        <translation>Nutzungsstatistiken sind für alle Automagik-Anwendungen auf diesem Computer deaktiviert.</translation>
    </message>
    <message>
        <source>Usage statistics are turned on by your answer in another Automagik application.</source>
        <translation>Nutzungsstatistiken sind durch Ihre Antwort in einer anderen Automagik-Anwendung aktiviert.</translation>
    </message>
    <message>
        <source>Usage statistics are turned off by your answer in another Automagik application.</source>
        <translation>Nutzungsstatistiken sind durch Ihre Antwort in einer anderen Automagik-Anwendung deaktiviert.</translation>
    </message>
    <message>
        <source>Usage statistics are turned off on continuous integration systems (%1 is set).</source>
        <translation>Nutzungsstatistiken sind auf Systemen für kontinuierliche Integration deaktiviert (%1 ist gesetzt).</translation>
    </message>
    <message>
        <source>Usage statistics are turned off in development and test environments (%1).</source>
        <translation>Nutzungsstatistiken sind in Entwicklungs- und Testumgebungen deaktiviert (%1).</translation>
    </message>
</context>
</TS>
