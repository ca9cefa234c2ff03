<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pt_BR">
<context>
    <name>AutomagikTelemetry</name>
    <message>
        <source>this application</source>
        <translation>este aplicativo</translation>
    </message>
    <message>
        <source>Help improve %1</source>
        <translation>Ajude a melhorar %1</translation>
    </message>
    <message>
        <source>%1 can send anonymous usage statistics to its developers. They show which features are used and where the application is slow or fails, so the next versions can be better. Nothing is sent unless you allow it.</source>
        <translation>%1 pode enviar estatísticas de uso anônimas aos desenvolvedores. Elas mostram quais recursos são usados e onde o aplicativo fica lento ou apresenta falhas, para que as próximas versões sejam melhores. Nada é enviado sem a sua permissão.</translation>
    </message>
    <message>
        <source>What is sent</source>
        <translation>O que é enviado</translation>
    </message>
    <message>
        <source>Which features you use and how often</source>
        <translation>Quais recursos você usa e com que frequência</translation>
    </message>
    <message>
        <source>How long operations take, and errors that occur</source>
        <translation>Quanto tempo as operações levam e os erros que ocorrem</translation>
    </message>
    <message>
        <source>The application version, the operating system and its version</source>
        <translation>A versão do aplicativo, o sistema operacional e a versão dele</translation>
    </message>
    <message>
        <source>A random identifier that is not linked to you and changes if you opt out</source>
        <translation>Um identificador aleatório que não está vinculado a você e que muda se você retirar o seu consentimento</translation>
    </message>
    <message>
        <source>When the application crashes: the signal that ended it, the addresses on its stack and the versions, never the contents of its memory</source>
        <translation>Quando o aplicativo falha: o sinal que o encerrou, os endereços da sua pilha e as versões, nunca o conteúdo da sua memória</translation>
    </message>
    <message>
        <source>When the application ended unexpectedly, and how long it had been running</source>
        <translation>Quando o aplicativo foi encerrado inesperadamente, e por quanto tempo estava em execução</translation>
    </message>
    <message>
        <source>When the application stopped responding, and for how long</source>
        <translation>Quando o aplicativo parou de responder, e por quanto tempo</translation>
    </message>
    <message>
        <source>Some of the application&apos;s warning messages, with personal data removed</source>
        <translation>Algumas mensagens de aviso do aplicativo, sem dados pessoais</translation>
    </message>
    <message>
        <source>When the application starts and quits: how often it has been started, how long starting took and how long it was used</source>
        <translation>Quando o aplicativo é iniciado e fechado: quantas vezes ele já foi iniciado, quanto tempo levou para iniciar e por quanto tempo foi usado</translation>
    </message>
    <message>
        <source>The number, size and resolution of your screens, and the language and style of the user interface</source>
        <translation>O número, o tamanho e a resolução das suas telas, e o idioma e o estilo da interface</translation>
    </message>
    <message>
        <source>What is never sent</source>
        <translation>O que nunca é enviado</translation>
    </message>
    <message>
        <source>Your name, e-mail address or other personal details</source>
        <translation>Seu nome, endereço de e-mail ou outros dados pessoais</translation>
    </message>
    <message>
        <source>The contents or names of your files and documents</source>
        <translation>O conteúdo ou os nomes dos seus arquivos e documentos</translation>
    </message>
    <message>
        <source>Passwords, keys or anything you type</source>
        <translation>Senhas, chaves ou qualquer coisa que você digitar</translation>
    </message>
    <message>
        <source>Your IP address or location</source>
        <translation>Seu endereço IP ou sua localização</translation>
    </message>
    <message>
        <source>You can change your answer at any time in the settings.</source>
        <translation>Você pode alterar sua resposta a qualquer momento nas configurações.</translation>
    </message>
    <message>
        <source>Privacy policy</source>
        <translation>Política de privacidade</translation>
    </message>
    <message>
        <source>Show what is sent</source>
        <translation>Mostrar o que é enviado</translation>
    </message>
    <message>
        <source>Hide the example</source>
        <translation>Ocultar o exemplo</translation>
    </message>
    <message>
        <source>This is an example of one report, exactly as it would be sent:</source>
        <translation>Este é um exemplo de um relatório, exatamente como ele seria enviado:</translation>
    </message>
    <message>
        <source>Allow</source>
        <translation>Permitir</translation>
    </message>
    <message>
        <source>Don&apos;t allow</source>
        <translation>Não permitir</translation>
    </message>
    <message>
        <source>Send anonymous usage statistics</source>
        <translation>Enviar estatísticas de uso anônimas</translation>
    </message>
    <message>
        <source>Helps the developers of %1. No personal data is sent.</source>
        <translation>Ajuda os desenvolvedores a melhorar %1. Nenhum dado pessoal é enviado.</translation>
    </message>
    <message>
        <source>Usage statistics are turned off by your administrator.</source>
        <translation>As estatísticas de uso foram desativadas pelo seu administrador.</translation>
    </message>
    <message>
        <source>Sent usage statistics</source>
        <translation>Estatísticas de uso enviadas</translation>
    </message>
    <message>
        <source>Nothing has been sent.</source>
        <translation>Nada foi enviado.</translation>
    </message>
    <message>
        <source>Clear history</source>
        <translation>Limpar histórico</translation>
    </message>
    <message>
        <source>Every report sent from this computer is listed here for 30 days.</source>
        <translation>Todos os relatórios enviados deste computador ficam listados aqui por 30 dias.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fechar</translation>
    </message>
    <message numerus="yes">
        <source>%n %1 sent to %2</source>
        <translation>
            <numerusform>Envio de %n item (%1) para %2</numerusform>
            <numerusform>Envio de %n %1 para %2</numerusform>
        </translation>
    </message>
    <message>
        <source>Usage statistics are turned off by a setting on this computer.</source>
        <translation>As estatísticas de uso estão desativadas por uma configuração deste computador.</translation>
    </message>
    <message>
        <source>Only the beginning of this report was kept.</source>
        <translation>Apenas o início deste relatório foi guardado.</translation>
    </message>
    <message>
        <source>performance metrics</source>
        <translation>métricas de desempenho</translation>
    </message>
    <message>
        <source>diagnostics</source>
        <translation>diagnósticos</translation>
    </message>
    <message>
        <source>usage events</source>
        <translation>eventos de uso</translation>
    </message>
    <message>
        <source>Usage statistics are turned on by the environment variable %1.</source>
        <translation>As estatísticas de uso estão ativadas pela variável de ambiente %1.</translation>
    </message>
    <message>
        <source>Usage statistics are turned off by the environment variable %1.</source>
        <translation>As estatísticas de uso estão desativadas pela variável de ambiente %1.</translation>
    </message>
    <message>
        <source>Usage statistics are turned off for all Automagik applications on this computer.</source>
        <translation>As estatísticas de uso estão desativadas para todos os aplicativos Automagik deste computador.</translation>
    </message>
    <message>
        <source>Usage statistics are turned on by your answer in another Automagik application.</source>
        <translation>As estatísticas de uso estão ativadas pela sua resposta em outro aplicativo Automagik.</translation>
    </message>
    <message>
        <source>Usage statistics are turned off by your answer in another Automagik application.</source>
        <translation>As estatísticas de uso estão desativadas pela sua resposta em outro aplicativo Automagik.</translation>
    </message>
    <message>
        <source>Usage statistics are turned off on continuous integration systems (%1 is set).</source>
        <translation>As estatísticas de uso estão desativadas em sistemas de integração contínua (%1 está definida).</translation>
    </message>
    <message>
        <source>Usage statistics are turned off in development and test environments (%1).</source>
        <translation>As estatísticas de uso estão desativadas em ambientes de desenvolvimento e de teste (%1).</translation>
    </message>
</context>
</TS>
