<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr">
<context>
    <name>AutomagikTelemetry</name>
    <message>
        <source>this application</source>
        <translation>cette application</translation>
    </message>
    <message>
        <source>Help improve %1</source>
        <translation>Aidez à améliorer %1</translation>
    </message>
    <message>
        <source>%1 can send anonymous usage statistics to its developers. They show which features are used and where the application is slow or fails, so the next versions can be better. Nothing is sent unless you allow it.</source>
        <translation>%1 peut envoyer des statistiques d&apos;utilisation anonymes à ses développeurs. Elles indiquent quelles fonctionnalités sont utilisées et où l&apos;application est lente ou rencontre des erreurs, afin d&apos;améliorer les prochaines versions. Rien n&apos;est envoyé sans votre autorisation.</translation>
    </message>
    <message>
        <source>What is sent</source>
        <translation>Ce qui est envoyé</translation>
    </message>
    <message>
        <source>Which features you use and how often</source>
        <translation>Les fonctionnalités que vous utilisez et leur fréquence d&apos;utilisation</translation>
    </message>
    <message>
        <source>How long operations take, and errors that occur</source>
        <translation>La durée des opérations et les erreurs qui se produisent</translation>
    </message>
    <message>
        <source>The application version, the operating system and its version</source>
        <translation>La version de l&apos;application, le système d&apos;exploitation et sa version</translation>
    </message>
    <message>
        <source>A random identifier that is not linked to you and changes if you opt out</source>
        <translation>Un identifiant aléatoire, qui n&apos;est pas associé à votre identité et qui change si vous retirez votre accord</translation>
    </message>
    <message>
        <source>When the application crashes: the signal that ended it, the addresses on its stack and the versions, never the contents of its memory</source>
        <translation>Quand l&apos;application plante : le signal qui l&apos;a arrêtée, les adresses de sa pile et les versions, jamais le contenu de sa mémoire</translation>
    </message>
    <message>
        <source>When the application ended unexpectedly, and how long it had been running</source>
        <translation>Quand l&apos;application s&apos;est arrêtée de façon inattendue, et depuis combien de temps elle tournait</translation>
    </message>
    <message>
        <source>When the application stopped responding, and for how long</source>
        <translation>Quand l&apos;application a cessé de répondre, et pendant combien de temps</translation>
    </message>
    <message>
        <source>Some of the application&apos;s warning messages, with personal data removed</source>
        <translation>Certains messages d&apos;avertissement de l&apos;application, sans données personnelles</translation>
    </message>
    <message>
        <source>When the application starts and quits: how often it has been started, how long starting took and how long it was used</source>
        <translation>Quand l&apos;application démarre et se ferme : combien de fois elle a été lancée, combien de temps son démarrage a pris et combien de temps elle a été utilisée</translation>
    </message>
    <message>
        <source>The number, size and resolution of your screens, and the language and style of the user interface</source>
        <translation>Le nombre, la taille et la résolution de vos écrans, ainsi que la langue et le style de l&apos;interface</translation>
    </message>
    <message>
        <source>What is never sent</source>
        <translation>Ce qui n&apos;est jamais envoyé</translation>
    </message>
    <message>
        <source>Your name, e-mail address or other personal details</source>
        <translation>Votre nom, votre adresse e-mail ou d&apos;autres informations personnelles</translation>
    </message>
    <message>
        <source>The contents or names of your files and documents</source>
        <translation>Le contenu ou le nom de vos fichiers et documents</translation>
    </message>
    <message>
        <source>Passwords, keys or anything you type</source>
        <translation>Les mots de passe, les clés ou tout ce que vous saisissez</translation>
    </message>
    <message>
        <source>Your IP address or location</source>
        <translation>Votre adresse IP ou votre localisation</translation>
    </message>
    <message>
        <source>You can change your answer at any time in the settings.</source>
        <translation>Vous pouvez modifier votre réponse à tout moment dans les paramètres.</translation>
    </message>
    <message>
        <source>Privacy policy</source>
        <translation>Politique de confidentialité</translation>
    </message>
    <message>
        <source>Show what is sent</source>
        <translation>Afficher ce qui est envoyé</translation>
    </message>
    <message>
        <source>Hide the example</source>
        <translation>Masquer l&apos;exemple</translation>
    </message>
    <message>
        <source>This is an example of one report, exactly as it would be sent:</source>
        <translation>Voici un exemple de rapport, exactement tel qu&apos;il serait envoyé&#xa0;:</translation>
    </message>
    <message>
        <source>Allow</source>
        <translation>Autoriser</translation>
    </message>
    <message>
        <source>Don&apos;t allow</source>
        <translation>Ne pas autoriser</translation>
    </message>
    <message>
        <source>Send anonymous usage statistics</source>
        <translation>Envoyer des statistiques d&apos;utilisation anonymes</translation>
    </message>
    <message>
        <source>Helps the developers of %1. No personal data is sent.</source>
        <translation>Aide les développeurs de %1. Aucune donnée personnelle n&apos;est envoyée.</translation>
    </message>
    <message>
        <source>Usage statistics are turned off by your administrator.</source>
        <translation>Les statistiques d&apos;utilisation ont été désactivées par votre administrateur.</translation>
    </message>
    <message>
        <source>Sent usage statistics</source>
        <translation>Statistiques d&apos;utilisation envoyées</translation>
    </message>
    <message>
        <source>Nothing has been sent.</source>
        <translation>Rien n&apos;a été envoyé.</translation>
    </message>
    <message>
        <source>Clear history</source>
        <translation>Effacer l&apos;historique</translation>
    </message>
    <message>
        <source>Every report sent from this computer is listed here for 30 days.</source>
        <translation>Chaque rapport envoyé depuis cet ordinateur est répertorié ici pendant 30&#xa0;jours.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message numerus="yes">
        <source>%n %1 sent to %2</source>
        <translation>
            <numerusform>Envoi de %n élément (%1) à %2</numerusform>
            <numerusform>Envoi de %n %1 à %2</numerusform>
        </translation>
    </message>
    <message>
        <source>Usage statistics are turned off by a setting on this computer.</source>
        <translation>Les statistiques d&apos;utilisation sont désactivées par un paramètre de cet ordinateur.</translation>
    </message>
    <message>
        <source>Only the beginning of this report was kept.</source>
        <translation>Seul le début de ce rapport a été conservé.</translation>
    </message>
    <message>
        <source>performance metrics</source>
        <translation>mesures de performances</translation>
    </message>
    <message>
        <source>diagnostics</source>
        <translation>diagnostics</translation>
    </message>
    <message>
        <source>usage events</source>
        <translation>événements d&apos;utilisation</translation>
    </message>
    <message>
        <source>Usage statistics are turned on by the environment variable %1.</source>
        <translation>Les statistiques d&apos;utilisation sont activées par la variable d&apos;environnement %1.</translation>
    </message>
    <message>
        <source>Usage statistics are turned off by the environment variable %1.</source>
        <translation>Les statistiques d&apos;utilisation sont désactivées par la variable d&apos;environnement %1.</translation>
    </message>
    <message>
        <source>Usage statistics are turned off for all Automagik applications on this computer.</source>
        <translation>Les statistiques d&apos;utilisation sont désactivées pour toutes les applications Automagik de cet ordinateur.</translation>
    </message>
    <message>
        <source>Usage statistics are turned on by your answer in another Automagik application.</source>
        <translation>Les statistiques d&apos;utilisation sont activées par votre réponse dans une autre application Automagik.</translation>
    </message>
    <message>
        <source>Usage statistics are turned off by your answer in another Automagik application.</source>
        <translation>Les statistiques d&apos;utilisation sont désactivées par votre réponse dans une autre application Automagik.</translation>
    </message>
    <message>
        <source>Usage statistics are turned off on continuous integration systems (%1 is set).</source>
        <translation>Les statistiques d&apos;utilisation sont désactivées sur les systèmes d&apos;intégration continue (%1 est défini).</translation>
    </message>
    <message>
        <source>Usage statistics are turned off in development and test environments (%1).</source>
        <translation>Les statistiques d&apos;utilisation sont désactivées dans les environnements de développement et de test (%1).</translation>
    </message>
</context>
</TS>
