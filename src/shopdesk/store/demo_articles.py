"""FAQ articles of the demo store, one per topic and language: {slug: {locale: (title, body)}}.

Two articles ("product-care", "gift-wrapping") exist in English only, as in many real shops: the
assistant quotes them to shoppers writing in any language. The facts (fees, delays, carriers)
agree with the generated orders in ``demo.py``.
"""

from __future__ import annotations

ARTICLES: dict[str, dict[str, tuple[str, str]]] = {
    "shipping-times": {
        "en": (
            "Shipping times and costs",
            "We ship from our warehouse in Zaragoza, Spain. Orders placed before 14:00 (CET) on a "
            "working day leave the same day; later orders leave the next working day.\n\n"
            "**Delivery after dispatch**\n\n"
            "- Spain: 1–3 working days (Correos, GLS or DHL)\n"
            "- Portugal: 2–4 working days (CTT or DPD)\n"
            "- France, Germany and Italy: 2–5 working days (Colissimo, DPD, UPS, DHL, GLS or "
            "Poste Italiane)\n"
            "- United Kingdom: 3–6 working days (DHL, UPS or DPD), customs duties included\n\n"
            "Shipping costs €4.95 and is free on orders from €60.",
        ),
        "es": (
            "Plazos y gastos de envío",
            "Enviamos desde nuestro almacén de Zaragoza. Los pedidos realizados antes de las 14:00 "
            "(hora peninsular) de un día laborable salen ese mismo día; los demás, el siguiente "
            "día laborable.\n\n"
            "**Entrega una vez enviado**\n\n"
            "- España: 1–3 días laborables (Correos, GLS o DHL)\n"
            "- Portugal: 2–4 días laborables (CTT o DPD)\n"
            "- Francia, Alemania e Italia: 2–5 días laborables (Colissimo, DPD, UPS, DHL, GLS o "
            "Poste Italiane)\n"
            "- Reino Unido: 3–6 días laborables (DHL, UPS o DPD), aranceles incluidos\n\n"
            "El envío cuesta 4,95 € y es gratuito a partir de 60 €.",
        ),
        "fr": (
            "Délais et frais de livraison",
            "Nous expédions depuis notre entrepôt de Saragosse, en Espagne. Les commandes passées "
            "avant 14 h (heure de Paris) un jour ouvré partent le jour même ; les autres partent "
            "le jour ouvré suivant.\n\n"
            "**Délai de livraison après expédition**\n\n"
            "- France : 2 à 5 jours ouvrés (Colissimo, DPD ou UPS)\n"
            "- Espagne : 1 à 3 jours ouvrés ; Portugal : 2 à 4 jours ouvrés\n"
            "- Allemagne et Italie : 2 à 5 jours ouvrés\n"
            "- Royaume-Uni : 3 à 6 jours ouvrés, droits de douane inclus\n\n"
            "La livraison coûte 4,95 € et elle est offerte dès 60 € d'achat.",
        ),
        "de": (
            "Lieferzeiten und Versandkosten",
            "Wir versenden aus unserem Lager in Saragossa (Spanien). Bestellungen, die an einem "
            "Werktag bis 14:00 Uhr (MEZ) eingehen, verlassen das Lager noch am selben Tag; spätere "
            "Bestellungen am nächsten Werktag.\n\n"
            "**Lieferzeit nach dem Versand**\n\n"
            "- Deutschland: 2–5 Werktage (DHL, DPD oder GLS)\n"
            "- Spanien: 1–3 Werktage; Portugal: 2–4 Werktage\n"
            "- Frankreich und Italien: 2–5 Werktage\n"
            "- Vereinigtes Königreich: 3–6 Werktage, Zollgebühren inklusive\n\n"
            "Der Versand kostet 4,95 € und ist ab einem Bestellwert von 60 € kostenlos.",
        ),
        "pt": (
            "Prazos e custos de envio",
            "Enviamos a partir do nosso armazém em Saragoça, Espanha. As encomendas feitas até às "
            "14h00 (hora da Europa Central) de um dia útil saem no próprio dia; as restantes saem "
            "no dia útil seguinte.\n\n"
            "**Entrega após o envio**\n\n"
            "- Portugal: 2 a 4 dias úteis (CTT ou DPD)\n"
            "- Espanha: 1 a 3 dias úteis\n"
            "- França, Alemanha e Itália: 2 a 5 dias úteis\n"
            "- Reino Unido: 3 a 6 dias úteis, direitos aduaneiros incluídos\n\n"
            "O envio custa 4,95 € e é gratuito em encomendas a partir de 60 €.",
        ),
        "it": (
            "Tempi e costi di spedizione",
            "Spediamo dal nostro magazzino di Saragozza, in Spagna. Gli ordini effettuati entro le "
            "14:00 (ora italiana) di un giorno lavorativo partono il giorno stesso; gli altri il "
            "giorno lavorativo successivo.\n\n"
            "**Consegna dopo la spedizione**\n\n"
            "- Italia: 2–5 giorni lavorativi (Poste Italiane, GLS o DHL)\n"
            "- Spagna: 1–3 giorni lavorativi; Portogallo: 2–4 giorni lavorativi\n"
            "- Francia e Germania: 2–5 giorni lavorativi\n"
            "- Regno Unito: 3–6 giorni lavorativi, dazi doganali inclusi\n\n"
            "La spedizione costa 4,95 € ed è gratuita per ordini a partire da 60 €.",
        ),
    },
    "returns-policy": {
        "en": (
            "Returns and refunds",
            "You can return any item within **30 days of delivery**, unused and in its original "
            "packaging. For safety reasons, candles, diffusers and soaps can only be returned "
            "unopened.\n\n"
            "1. Ask us for a return label in the chat or by email, quoting your order number.\n"
            "2. Pack the items and drop the parcel off with the carrier named on the label.\n"
            "3. We refund you within 5 working days of receiving the parcel, to your original "
            "payment method. Your bank may take another 3–5 days to show it.\n\n"
            "Return labels are free within the EU; from the United Kingdom they cost €6.95. If you "
            "return a whole order within 14 days, we also refund the original shipping fee.\n\n"
            "Something arrived damaged? Send us a photo within 7 days and we will send a "
            "replacement or refund you – no need to return it.",
        ),
        "es": (
            "Devoluciones y reembolsos",
            "Puedes devolver cualquier artículo en los **30 días siguientes a la entrega**, sin "
            "usar y en su embalaje original. Por motivos de seguridad, las velas, los difusores y "
            "los jabones solo se pueden devolver sin abrir.\n\n"
            "1. Pídenos una etiqueta de devolución por el chat o por correo indicando tu número de "
            "pedido.\n"
            "2. Empaqueta los artículos y entrega el paquete al transportista que figura en la "
            "etiqueta.\n"
            "3. Te devolvemos el dinero en un plazo de 5 días laborables desde que recibimos el "
            "paquete, con el mismo método de pago. Tu banco puede tardar de 3 a 5 días más en "
            "reflejarlo.\n\n"
            "La etiqueta de devolución es gratuita dentro de la UE; desde el Reino Unido cuesta "
            "6,95 €. Si devuelves el pedido completo en 14 días, también te reembolsamos los "
            "gastos de envío.\n\n"
            "¿Ha llegado algo dañado? Envíanos una foto en un plazo de 7 días y te mandamos otro o "
            "te devolvemos el importe, sin necesidad de devolverlo.",
        ),
        "fr": (
            "Retours et remboursements",
            "Vous pouvez retourner tout article dans les **30 jours suivant la livraison**, non "
            "utilisé et dans son emballage d'origine. Pour des raisons de sécurité, les bougies, "
            "les diffuseurs et les savons ne sont repris que non ouverts.\n\n"
            "1. Demandez-nous une étiquette retour par le chat ou par e-mail en indiquant votre "
            "numéro de commande.\n"
            "2. Emballez les articles et déposez le colis chez le transporteur indiqué sur "
            "l'étiquette.\n"
            "3. Nous vous remboursons sous 5 jours ouvrés après réception du colis, sur votre "
            "moyen de paiement d'origine. Votre banque peut mettre 3 à 5 jours de plus à "
            "l'afficher.\n\n"
            "L'étiquette retour est gratuite dans l'UE ; depuis le Royaume-Uni, elle coûte 6,95 €. "
            "Si vous retournez toute la commande sous 14 jours, nous remboursons aussi les frais "
            "de livraison.\n\n"
            "Un article est arrivé abîmé ? Envoyez-nous une photo sous 7 jours : nous vous "
            "envoyons un remplacement ou vous remboursons, sans retour nécessaire.",
        ),
        "de": (
            "Rücksendungen und Erstattungen",
            "Du kannst jeden Artikel innerhalb von **30 Tagen nach der Zustellung** unbenutzt und "
            "in der Originalverpackung zurückschicken. Aus Sicherheitsgründen nehmen wir Kerzen, "
            "Diffuser und Seifen nur ungeöffnet zurück.\n\n"
            "1. Fordere im Chat oder per E-Mail ein Rücksendeetikett an und nenne dabei deine "
            "Bestellnummer.\n"
            "2. Verpacke die Artikel und gib das Paket beim Versanddienstleister auf dem Etikett "
            "ab.\n"
            "3. Wir erstatten den Betrag innerhalb von 5 Werktagen nach Eingang des Pakets über "
            "deine ursprüngliche Zahlungsart. Bis die Gutschrift auf deinem Konto erscheint, "
            "können weitere 3–5 Tage vergehen.\n\n"
            "Innerhalb der EU ist das Rücksendeetikett kostenlos, aus dem Vereinigten Königreich "
            "kostet es 6,95 €. Schickst du die gesamte Bestellung innerhalb von 14 Tagen zurück, "
            "erstatten wir auch die Versandkosten.\n\n"
            "Ist etwas beschädigt angekommen? Schick uns innerhalb von 7 Tagen ein Foto – wir "
            "senden Ersatz oder erstatten den Betrag, ohne dass du den Artikel zurückschicken "
            "musst.",
        ),
        "pt": (
            "Devoluções e reembolsos",
            "Pode devolver qualquer artigo nos **30 dias seguintes à entrega**, sem uso e na "
            "embalagem original. Por razões de segurança, velas, difusores e sabonetes só podem "
            "ser devolvidos fechados.\n\n"
            "1. Peça-nos uma etiqueta de devolução no chat ou por e-mail, indicando o número da "
            "encomenda.\n"
            "2. Embale os artigos e entregue a encomenda à transportadora indicada na etiqueta.\n"
            "3. Reembolsamos no prazo de 5 dias úteis após recebermos a encomenda, pelo mesmo meio "
            "de pagamento. O seu banco pode demorar mais 3 a 5 dias a apresentar o valor.\n\n"
            "A etiqueta de devolução é gratuita na UE; a partir do Reino Unido custa 6,95 €. Se "
            "devolver a encomenda completa em 14 dias, reembolsamos também os portes de envio.\n\n"
            "Algum artigo chegou danificado? Envie-nos uma fotografia no prazo de 7 dias e "
            "enviamos um novo ou reembolsamos o valor, sem necessidade de devolução.",
        ),
        "it": (
            "Resi e rimborsi",
            "Puoi restituire qualsiasi articolo entro **30 giorni dalla consegna**, non usato e "
            "nella confezione originale. Per motivi di sicurezza, candele, diffusori e saponi si "
            "possono restituire solo se non aperti.\n\n"
            "1. Chiedici un'etichetta di reso in chat o via e-mail, indicando il numero d'ordine.\n"
            "2. Imballa gli articoli e consegna il pacco al corriere indicato sull'etichetta.\n"
            "3. Ti rimborsiamo entro 5 giorni lavorativi dal ricevimento del pacco, con lo stesso "
            "metodo di pagamento. La tua banca potrebbe impiegare altri 3–5 giorni per "
            "accreditarlo.\n\n"
            "L'etichetta di reso è gratuita nell'UE; dal Regno Unito costa 6,95 €. Se restituisci "
            "l'intero ordine entro 14 giorni, rimborsiamo anche le spese di spedizione.\n\n"
            "Un articolo è arrivato danneggiato? Inviaci una foto entro 7 giorni: ti spediamo un "
            "sostituto o ti rimborsiamo, senza bisogno di rispedirlo.",
        ),
    },
    "payment-methods": {
        "en": (
            "Payment methods",
            "We accept Visa, Mastercard, American Express, PayPal, Apple Pay and Google Pay, plus "
            "Klarna in Germany, Bizum in Spain, MB WAY in Portugal and Satispay in Italy. Prices "
            "are in euros and include VAT. We do not offer cash on delivery.\n\n"
            "Your payment is taken when you place the order. If it fails, we keep the order for "
            "48 hours with the status *payment failed*: use the link in our email to try again or "
            "choose another method. After 48 hours the order is cancelled automatically.",
        ),
        "es": (
            "Formas de pago",
            "Aceptamos Visa, Mastercard, American Express, PayPal, Apple Pay y Google Pay, además "
            "de Bizum en España, MB WAY en Portugal, Klarna en Alemania y Satispay en Italia. Los "
            "precios están en euros e incluyen el IVA. No ofrecemos pago contra reembolso.\n\n"
            "El cobro se realiza al hacer el pedido. Si el pago falla, guardamos el pedido durante "
            "48 horas con el estado *pago fallido*: usa el enlace de nuestro correo para volver a "
            "intentarlo o elegir otra forma de pago. Pasadas 48 horas, el pedido se cancela "
            "automáticamente.",
        ),
        "fr": (
            "Moyens de paiement",
            "Nous acceptons Visa, Mastercard, American Express, PayPal, Apple Pay et Google Pay, "
            "ainsi que Klarna en Allemagne, Bizum en Espagne, MB WAY au Portugal et Satispay en "
            "Italie. Les prix sont en euros, TVA comprise. Le paiement à la livraison n'est pas "
            "proposé.\n\n"
            "Le paiement est débité au moment de la commande. En cas d'échec, nous conservons la "
            "commande 48 heures avec le statut *paiement refusé* : utilisez le lien de notre "
            "e-mail pour réessayer ou choisir un autre moyen de paiement. Passé ce délai, la "
            "commande est annulée automatiquement.",
        ),
        "de": (
            "Zahlungsarten",
            "Wir akzeptieren Visa, Mastercard, American Express, PayPal, Apple Pay und Google Pay, "
            "in Deutschland außerdem Klarna (Kauf auf Rechnung), in Spanien Bizum, in Portugal "
            "MB WAY und in Italien Satispay. Alle Preise sind in Euro inklusive Mehrwertsteuer. "
            "Nachnahme bieten wir nicht an.\n\n"
            "Die Zahlung wird bei der Bestellung belastet. Schlägt sie fehl, halten wir die "
            "Bestellung 48 Stunden lang mit dem Status *Zahlung fehlgeschlagen* bereit: Über den "
            "Link in unserer E-Mail kannst du es erneut versuchen oder eine andere Zahlungsart "
            "wählen. Danach wird die Bestellung automatisch storniert.",
        ),
        "pt": (
            "Métodos de pagamento",
            "Aceitamos Visa, Mastercard, American Express, PayPal, Apple Pay e Google Pay, e ainda "
            "MB WAY em Portugal, Bizum em Espanha, Klarna na Alemanha e Satispay em Itália. Os "
            "preços estão em euros e incluem IVA. Não aceitamos pagamento à cobrança.\n\n"
            "O pagamento é cobrado no momento da encomenda. Se falhar, guardamos a encomenda "
            "durante 48 horas com o estado *pagamento falhado*: use a ligação do nosso e-mail para "
            "tentar novamente ou escolher outro método. Após 48 horas, a encomenda é cancelada "
            "automaticamente.",
        ),
        "it": (
            "Metodi di pagamento",
            "Accettiamo Visa, Mastercard, American Express, PayPal, Apple Pay e Google Pay, oltre "
            "a Satispay in Italia, Bizum in Spagna, MB WAY in Portogallo e Klarna in Germania. I "
            "prezzi sono in euro e IVA inclusa. Non accettiamo il pagamento in contrassegno.\n\n"
            "L'addebito avviene al momento dell'ordine. Se il pagamento non va a buon fine, "
            "conserviamo l'ordine per 48 ore con lo stato *pagamento non riuscito*: usa il link "
            "nella nostra e-mail per riprovare o scegliere un altro metodo. Dopo 48 ore l'ordine "
            "viene annullato automaticamente.",
        ),
    },
    "order-tracking": {
        "en": (
            "Tracking your order",
            "As soon as your parcel leaves our warehouse we email you the carrier's tracking link. "
            "It can take up to 24 hours before the carrier shows the first scan.\n\n"
            "You can also ask our assistant right here in the chat: give your order number (it "
            "starts with **HX**, for example HX1042) and the email address or postal code you "
            "ordered with.\n\n"
            "If your tracking has not moved for 5 working days, or the parcel is shown as "
            "delivered but you cannot find it, contact us and we will open an investigation with "
            "the carrier.",
        ),
        "es": (
            "Seguimiento de tu pedido",
            "En cuanto tu paquete sale de nuestro almacén, te enviamos por correo el enlace de "
            "seguimiento del transportista. Pueden pasar hasta 24 horas hasta que aparezca el "
            "primer movimiento.\n\n"
            "También puedes preguntar a nuestro asistente aquí mismo, en el chat: indica tu número "
            "de pedido (empieza por **HX**, por ejemplo HX1042) y el correo electrónico o el "
            "código postal con el que hiciste la compra.\n\n"
            "Si el seguimiento no se mueve durante 5 días laborables, o el paquete figura como "
            "entregado pero no lo encuentras, escríbenos y abriremos una reclamación con el "
            "transportista.",
        ),
        "fr": (
            "Suivre votre commande",
            "Dès que votre colis quitte notre entrepôt, nous vous envoyons par e-mail le lien de "
            "suivi du transporteur. Le premier flashage peut mettre jusqu'à 24 heures à "
            "apparaître.\n\n"
            "Vous pouvez aussi interroger notre assistant ici, dans le chat : indiquez votre "
            "numéro de commande (il commence par **HX**, par exemple HX1042) et l'adresse e-mail "
            "ou le code postal utilisés pour la commande.\n\n"
            "Si le suivi n'a pas évolué depuis 5 jours ouvrés, ou si le colis est indiqué comme "
            "livré mais que vous ne le trouvez pas, contactez-nous : nous ouvrirons une enquête "
            "auprès du transporteur.",
        ),
        "de": (
            "Sendungsverfolgung",
            "Sobald dein Paket unser Lager verlässt, schicken wir dir per E-Mail den Link zur "
            "Sendungsverfolgung. Bis der Versanddienstleister den ersten Scan anzeigt, können bis "
            "zu 24 Stunden vergehen.\n\n"
            "Du kannst auch direkt hier im Chat unseren Assistenten fragen: Nenne deine "
            "Bestellnummer (sie beginnt mit **HX**, zum Beispiel HX1042) und die E-Mail-Adresse "
            "oder Postleitzahl, mit der du bestellt hast.\n\n"
            "Bewegt sich die Sendung 5 Werktage lang nicht, oder ist das Paket als zugestellt "
            "markiert, aber nicht auffindbar, melde dich bei uns – wir stellen dann einen "
            "Nachforschungsauftrag beim Versanddienstleister.",
        ),
        "pt": (
            "Seguir a sua encomenda",
            "Assim que a encomenda sai do nosso armazém, enviamos-lhe por e-mail a ligação de "
            "seguimento da transportadora. Podem passar até 24 horas até aparecer o primeiro "
            "registo.\n\n"
            "Também pode perguntar ao nosso assistente aqui mesmo, no chat: indique o número da "
            "encomenda (começa por **HX**, por exemplo HX1042) e o e-mail ou o código postal que "
            "usou na compra.\n\n"
            "Se o seguimento não se alterar durante 5 dias úteis, ou se a encomenda aparecer como "
            "entregue mas não a encontrar, contacte-nos e abriremos uma reclamação junto da "
            "transportadora.",
        ),
        "it": (
            "Tracciare il tuo ordine",
            "Appena il pacco lascia il nostro magazzino ti inviamo via e-mail il link di "
            "tracciamento del corriere. Possono passare fino a 24 ore prima che compaia la prima "
            "scansione.\n\n"
            "Puoi anche chiedere al nostro assistente qui in chat: indica il numero d'ordine "
            "(inizia con **HX**, ad esempio HX1042) e l'indirizzo e-mail o il CAP usati per "
            "l'ordine.\n\n"
            "Se il tracciamento resta fermo per 5 giorni lavorativi, o il pacco risulta consegnato "
            "ma non lo trovi, contattaci e apriremo una pratica di verifica con il corriere.",
        ),
    },
    "change-or-cancel": {
        "en": (
            "Changing or cancelling an order",
            "We can change the delivery address or the items, or cancel the order, as long as it "
            "has not been shipped yet (status *pending*, *paid*, *processing* or *on hold*). Write "
            "to us as soon as possible with your order number.\n\n"
            "If a paid order is cancelled, the full amount is refunded to your original payment "
            "method within 3 working days. Once the parcel is on its way we can no longer stop it, "
            "but you can return it free of charge within 30 days of delivery.",
        ),
        "es": (
            "Modificar o cancelar un pedido",
            "Podemos cambiar la dirección de entrega o los artículos, o cancelar el pedido, "
            "mientras no se haya enviado (estado *pendiente*, *pagado*, *en preparación* o *en "
            "espera*). Escríbenos cuanto antes indicando tu número de pedido.\n\n"
            "Si cancelas un pedido ya pagado, te devolvemos el importe íntegro con el mismo método "
            "de pago en un plazo de 3 días laborables. Una vez enviado el paquete ya no podemos "
            "detenerlo, pero puedes devolverlo gratis en los 30 días siguientes a la entrega.",
        ),
        "fr": (
            "Modifier ou annuler une commande",
            "Nous pouvons modifier l'adresse de livraison ou les articles, ou annuler la commande, "
            "tant qu'elle n'est pas expédiée (statut *en attente*, *payée*, *en préparation* ou "
            "*suspendue*). Écrivez-nous au plus vite en indiquant votre numéro de commande.\n\n"
            "Si une commande payée est annulée, le montant total est remboursé sur votre moyen de "
            "paiement d'origine sous 3 jours ouvrés. Une fois le colis parti, nous ne pouvons plus "
            "l'arrêter, mais vous pouvez le retourner gratuitement dans les 30 jours suivant la "
            "livraison.",
        ),
        "de": (
            "Bestellung ändern oder stornieren",
            "Solange die Bestellung noch nicht versandt ist (Status *offen*, *bezahlt*, *in "
            "Bearbeitung* oder *angehalten*), können wir die Lieferadresse oder die Artikel ändern "
            "oder die Bestellung stornieren. Schreib uns so bald wie möglich und nenne deine "
            "Bestellnummer.\n\n"
            "Wird eine bezahlte Bestellung storniert, erstatten wir den vollen Betrag innerhalb "
            "von 3 Werktagen über die ursprüngliche Zahlungsart. Ist das Paket bereits unterwegs, "
            "können wir es nicht mehr aufhalten – du kannst es aber innerhalb von 30 Tagen nach "
            "der Zustellung kostenlos zurückschicken.",
        ),
        "pt": (
            "Alterar ou cancelar uma encomenda",
            "Podemos alterar a morada de entrega ou os artigos, ou cancelar a encomenda, enquanto "
            "ainda não tiver sido enviada (estado *pendente*, *paga*, *em preparação* ou *em "
            "espera*). Escreva-nos o quanto antes com o número da encomenda.\n\n"
            "Se uma encomenda paga for cancelada, reembolsamos o valor total pelo mesmo meio de "
            "pagamento no prazo de 3 dias úteis. Depois de a encomenda sair já não a podemos "
            "parar, mas pode devolvê-la gratuitamente nos 30 dias seguintes à entrega.",
        ),
        "it": (
            "Modificare o annullare un ordine",
            "Possiamo modificare l'indirizzo di consegna o gli articoli, oppure annullare "
            "l'ordine, finché non è stato spedito (stato *in attesa*, *pagato*, *in lavorazione* o "
            "*sospeso*). Scrivici il prima possibile indicando il numero d'ordine.\n\n"
            "Se annulli un ordine già pagato, ti rimborsiamo l'intero importo con lo stesso metodo "
            "di pagamento entro 3 giorni lavorativi. Una volta partito il pacco non possiamo più "
            "fermarlo, ma puoi restituirlo gratuitamente entro 30 giorni dalla consegna.",
        ),
    },
    "contact": {
        "en": (
            "Contact us",
            "Our assistant in this chat answers around the clock. Our team is available Monday to "
            "Friday, 9:00–18:00 (CET), except Spanish public holidays: ask the assistant to pass "
            "you to a person at any time.\n\n"
            "You can also email **hello@example.com**; we reply within one working day. Please "
            "include your order number (for example HX1042) so we can help you faster.",
        ),
        "es": (
            "Contacto",
            "Nuestro asistente de este chat responde a cualquier hora. Nuestro equipo atiende de "
            "lunes a viernes, de 9:00 a 18:00 (hora peninsular), salvo festivos nacionales: pide "
            "al asistente que te pase con una persona cuando quieras.\n\n"
            "También puedes escribirnos a **hello@example.com**; respondemos en un día laborable. "
            "Incluye tu número de pedido (por ejemplo, HX1042) para que podamos ayudarte antes.",
        ),
        "fr": (
            "Nous contacter",
            "Notre assistant répond dans ce chat à toute heure. Notre équipe est disponible du "
            "lundi au vendredi, de 9 h à 18 h (heure de Paris), hors jours fériés espagnols : "
            "demandez à l'assistant de vous mettre en relation avec une personne à tout moment.\n\n"
            "Vous pouvez aussi nous écrire à **hello@example.com** ; nous répondons sous un jour "
            "ouvré. Indiquez votre numéro de commande (par exemple HX1042) pour que nous puissions "
            "vous aider plus vite.",
        ),
        "de": (
            "Kontakt",
            "Unser Assistent hier im Chat antwortet rund um die Uhr. Unser Team ist montags bis "
            "freitags von 9:00 bis 18:00 Uhr (MEZ) für dich da, außer an spanischen Feiertagen – "
            "bitte den Assistenten jederzeit, dich mit einem Menschen zu verbinden.\n\n"
            "Du kannst uns auch an **hello@example.com** schreiben; wir antworten innerhalb eines "
            "Werktags. Gib bitte deine Bestellnummer an (zum Beispiel HX1042), damit wir dir "
            "schneller helfen können.",
        ),
        "pt": (
            "Contactos",
            "O nosso assistente responde neste chat a qualquer hora. A nossa equipa está "
            "disponível de segunda a sexta-feira, das 9h00 às 18h00 (hora da Europa Central), "
            "exceto feriados espanhóis: peça ao assistente para falar com uma pessoa sempre que "
            "quiser.\n\n"
            "Também nos pode escrever para **hello@example.com**; respondemos no prazo de um dia "
            "útil. Indique o número da encomenda (por exemplo, HX1042) para o podermos ajudar mais "
            "depressa.",
        ),
        "it": (
            "Contatti",
            "Il nostro assistente risponde in questa chat a qualsiasi ora. Il nostro team è "
            "disponibile dal lunedì al venerdì, dalle 9:00 alle 18:00 (ora italiana), esclusi i "
            "festivi spagnoli: chiedi all'assistente di passarti a una persona in qualsiasi "
            "momento.\n\n"
            "Puoi anche scriverci a **hello@example.com**; rispondiamo entro un giorno lavorativo. "
            "Indica il numero d'ordine (ad esempio HX1042) così possiamo aiutarti più in fretta.",
        ),
    },
    "product-care": {
        "en": (
            "Caring for your homeware",
            "## Stoneware mugs and teapots\n\n"
            "Our stoneware is dishwasher and microwave safe. Avoid sudden changes of temperature: "
            "do not pour boiling water into a cold mug straight from the fridge. Small variations "
            "in the hand-applied glaze are normal and make every piece unique.\n\n"
            "## Linen\n\n"
            "Wash linen napkins and tablecloths at 40 °C with a mild detergent and no bleach. "
            "Line-dry them and iron while still slightly damp. Expect up to 3% shrinkage after the "
            "first wash.\n\n"
            "## Candles\n\n"
            "Trim the wick to 5 mm before each use and let the first burn last 2–3 hours, until "
            "the whole surface has melted, so the candle does not tunnel. Never leave a burning "
            "candle unattended and stop using it when 1 cm of wax is left.",
        ),
    },
    "gift-wrapping": {
        "en": (
            "Gift wrapping and gift messages",
            "We can gift-wrap your order in recycled paper with a cotton ribbon for €3.50: choose "
            "*Gift wrap* at checkout. You can add a handwritten card with a message of up to 200 "
            "characters. Gift wrapping cannot be added once the order has been shipped.\n\n"
            "Gift orders never show prices: the packing slip lists the items only. If you ship a "
            "gift straight to someone else, enter their address as the delivery address and yours "
            "as the billing address.",
        ),
    },
}
